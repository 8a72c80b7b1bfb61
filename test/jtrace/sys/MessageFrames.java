package jtrace.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs for {@link MessageFuzzTest}: what recvmsg hands over — n, msg_namelen, msg_controllen, msg_flags,
 * then the name, control and data bytes — in one byte string, and the stored seeds (real layouts and lies).
 * Native structures are little-endian, as on x86_64; addresses and ports are in network order.
 */
public final class MessageFrames {
    private MessageFrames() {}

    /** The seeds, by file name. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] quotedUdp = new byte[32];
        s.put("time-exceeded-on-the-error-queue", frame(32, sockaddrIn(33434, 0x0a470602),
                controls(timestamp(1_700_000_000L, 123_456_789L), ttl(63), recverr(113, 2, 11, 0, 0, 0x0a470102)), quotedUdp, 0));
        s.put("port-unreachable-on-the-error-queue", frame(32, sockaddrIn(33440, 0x0a470602),
                controls(timestamp(1_700_000_001L, 5L), ttl(59), recverr(111, 2, 3, 3, 0, 0x0a470602)), quotedUdp, 0));
        s.put("frag-needed-mtu-1400", frame(32, sockaddrIn(33441, 0x0a470602),
                controls(recverr(90, 2, 3, 4, 1400, 0x0a470302)), quotedUdp, 0));
        s.put("echo-reply-on-the-normal-queue", frame(40, sockaddrIn(0, 0x0a470602),
                controls(timestamp(1_700_000_002L, 7L), ttl(60)), new byte[40], 0));
        s.put("recverr-without-offender", frame(8, sockaddrIn(33434, 0x0a470602), controls(cmsg(32, 0, 11, new byte[16])), new byte[8], 0));
        s.put("recverr-offender-family-ipv6", frame(8, sockaddrIn(33434, 0x0a470602),
                controls(cmsg(60, 0, 11, concat(new byte[16], new byte[] {10, 0}, new byte[26]))), new byte[8], 0));
        byte[] good = controls(timestamp(1, 2), ttl(64));
        s.put("control-length-beyond-the-buffer", frame(8, 16, 1L << 40, 0, sockaddrIn(1, 1), good, new byte[8]));
        s.put("control-length-negative", frame(8, 16, -1L, 0, sockaddrIn(1, 1), good, new byte[8]));
        s.put("cmsg-length-overflows", frame(8, sockaddrIn(1, 1), controls(ttl(1), cmsg(0x7fff_ffff_ffff_fff8L, 1, 35, new byte[16]), ttl(1)), new byte[8], 0));
        s.put("cmsg-length-below-its-header", frame(8, sockaddrIn(1, 1), controls(cmsg(3, 0, 2, new byte[4])), new byte[8], 0));
        s.put("cmsg-length-beyond-control", frame(8, sockaddrIn(1, 1), controls(cmsg(400, 0, 11, new byte[32])), new byte[8], 0));
        s.put("name-length-beyond-the-buffer", frame(8, 4096, good.length, 0, sockaddrIn(1, 1), good, new byte[8]));
        s.put("name-length-negative", frame(8, -5, good.length, 0, sockaddrIn(1, 1), good, new byte[8]));
        s.put("data-length-beyond-the-buffer", frame(65_537, 16, good.length, 0, sockaddrIn(1, 1), good, new byte[8]));
        s.put("truncated-flags", frame(8, sockaddrIn(1, 1), good, new byte[8], 0x8 | 0x20));
        s.put("empty", new byte[0]);
        return s;
    }

    static byte[] frame(int n, byte[] name, byte[] control, byte[] data, int flags) {
        return frame(n, name.length, control.length, flags, name, control, data);
    }

    static byte[] frame(int n, int nameLength, long controlLength, int flags, byte[] name, byte[] control, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 4 + 1 + name.length + 2 + control.length + data.length);
        b.putInt(n).putInt(nameLength).putLong(controlLength).putInt(flags);
        b.put((byte) name.length).put(name).putShort((short) control.length).put(control).put(data);
        return b.array();
    }

    /** struct sockaddr_in: family in host order, port and address in network order. */
    static byte[] sockaddrIn(int port, int address) {
        return ByteBuffer.allocate(16).put((byte) 2).put((byte) 0).putShort((short) port).putInt(address).array();
    }

    /** Control messages one after another, each aligned to 8 bytes (CMSG_NXTHDR). */
    static byte[] controls(byte[]... messages) {
        int size = 0;
        for (byte[] m : messages) size += (m.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] m : messages) b.put(m).position((b.position() + 7) & ~7);
        return b.array();
    }

    /** One cmsghdr (len, level, type) and its data. */
    static byte[] cmsg(long length, int level, int type, byte[] data) {
        return little(16 + data.length).putLong(length).putInt(level).putInt(type).put(data).array();
    }

    static byte[] timestamp(long seconds, long nanos) {
        return cmsg(32, 1, 35, little(16).putLong(seconds).putLong(nanos).array());
    }

    static byte[] ttl(int ttl) {
        return cmsg(20, 0, 2, little(4).putInt(ttl).array());
    }

    /** IP_RECVERR: sock_extended_err (errno, origin, type, code, pad, info, data), then the offender's sockaddr_in. */
    static byte[] recverr(int errno, int origin, int type, int code, int info, int offender) {
        ByteBuffer e = little(32);
        e.putInt(errno).put((byte) origin).put((byte) type).put((byte) code).put((byte) 0).putInt(info).putInt(0);
        e.put(sockaddrIn(0, offender));
        return cmsg(48, 0, 11, e.array());
    }

    private static ByteBuffer little(int size) { return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN); }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) b.put(p);
        return b.array();
    }
}
