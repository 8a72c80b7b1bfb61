package jtrace.packet;

/** Bounds-checked network-order reads and writes: a lying length field ends in a parse error, never an overrun. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int off) {
        check(b, off, 1);
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        check(b, off, 2);
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    public static long u32(byte[] b, int off) {
        check(b, off, 4);
        return (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    public static byte[] slice(byte[] b, int off, int len) {
        check(b, off, len);
        return java.util.Arrays.copyOfRange(b, off, off + len);
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >>> 16));
        put16(b, off + 2, (int) v);
    }

    /** traceroute's probe payload, "@ABCDEFG…": easy to spot in a capture. */
    public static byte[] filler(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (0x40 + (i & 0x3f));
        return b;
    }

    /** Throws {@link MalformedPacketException} unless {@code len} bytes exist at {@code off}. */
    public static void check(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len)
            throw new MalformedPacketException(Math.max(off, 0),
                    "needs " + len + " byte(s) but the packet has " + Math.max(0, b.length - Math.max(off, 0)));
    }

    /** "45 00 00 3c" — the bytes as a teacher writes them on the board. */
    public static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        return s.toString();
    }

    /** Parses "45 00 00 3c" or "4500003c" back into bytes. */
    public static byte[] fromHex(String hex) {
        String h = hex.replaceAll("[\\s:]", "");
        if (h.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }
}
