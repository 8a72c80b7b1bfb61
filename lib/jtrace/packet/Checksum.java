package jtrace.packet;

/** The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of 16-bit words. */
public final class Checksum {
    private Checksum() {}

    public static int of(byte[] data) { return of(data, 0, data.length); }

    public static int of(byte[] data, int off, int len) { return finish(sum(0, data, off, len)); }

    /** Adds bytes to a running 32-bit sum; an odd last byte is padded with zero (RFC 1071 §4.1). */
    public static long sum(long acc, byte[] data, int off, int len) {
        Bytes.check(data, off, len);
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) acc += (data[i] & 0xff) << 8 | (data[i + 1] & 0xff);
        if (i < end) acc += (data[i] & 0xff) << 8;
        return acc;
    }

    /** Folds the carries back in and complements: the value that goes in the checksum field. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) acc = (acc & 0xffff) + (acc >>> 16);
        return (int) (~acc & 0xffff);
    }
}
