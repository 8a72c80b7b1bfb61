package jtrace.sys;

import java.nio.charset.StandardCharsets;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A TUN device: an interface whose packets go to this process instead of a wire, and whose writes arrive as
 * if received on it. The lab's MPLS responder answers expiring probes through one. Open it inside the namespace
 * it belongs to; it disappears when closed. Needs root (CAP_NET_ADMIN).
 */
public final class Tun implements AutoCloseable {
    /** From linux/if_tun.h: _IOW('T', 202, int); IFF_TUN (IP packets, no Ethernet header); IFF_NO_PI (no 4-byte prefix). */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001, IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2, O_CLOEXEC = 0x80000, IFREQ_SIZE = 40, IFNAMSIZ = 16;
    private static final int MTU = 65536;

    private final LibC libc = Native.libc();
    private final String name;
    private final Pointer in = Memory.allocateDirect(Native.runtime(), MTU, true);
    private final Pointer out = Memory.allocateDirect(Native.runtime(), MTU, true);
    private final Pointer pollfd = Memory.allocateDirect(Native.runtime(), 8, true);
    private volatile int fd;

    private Tun(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** Creates the TUN interface {@code name} (down; `ip link set NAME up` brings it up). */
    public static Tun open(String name) throws ErrnoException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFNAMSIZ) throw new ErrnoException("TUNSETIFF " + name, ErrnoException.EINVAL);
        LibC libc = Native.libc();
        int fd = libc.open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        if (fd < 0) throw new ErrnoException("open /dev/net/tun", Native.errno());
        Pointer ifreq = Memory.allocateDirect(Native.runtime(), IFREQ_SIZE, true);
        ifreq.put(0, n, 0, n.length);
        ifreq.putShort(IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI));
        if (libc.ioctl(fd, TUNSETIFF, ifreq) != 0) {
            int errno = Native.errno();
            libc.close(fd);
            throw new ErrnoException("ioctl TUNSETIFF " + name, errno);
        }
        return new Tun(fd, name);
    }

    public String name() { return name; }

    /**
     * The next packet routed into the interface, or null when none came within {@code timeoutMillis} (or the
     * device was closed).
     */
    public byte[] read(int timeoutMillis) throws ErrnoException {
        int f = fd;
        if (f < 0) return null;
        pollfd.putInt(0, f);
        pollfd.putShort(4, (short) Sockets.POLLIN);
        pollfd.putShort(6, (short) 0);
        int n = libc.poll(pollfd, 1, timeoutMillis);
        if (n <= 0 || fd < 0) return null;
        long got = libc.read(f, in, MTU);
        if (got < 0) {
            int errno = Native.errno();
            if (errno == ErrnoException.EAGAIN || errno == ErrnoException.EINTR) return null;
            throw new ErrnoException("read " + name, errno);
        }
        byte[] packet = new byte[(int) got];
        in.get(0, packet, 0, packet.length);
        return packet;
    }

    /** Hands {@code packet} (a whole IP packet) to the kernel as if it had arrived on the interface. */
    public void write(byte[] packet) throws ErrnoException {
        out.put(0, packet, 0, packet.length);
        if (libc.write(fd, out, packet.length) < 0) throw new ErrnoException("write " + name, Native.errno());
    }

    /** Closes the device (it disappears); never throws. */
    @Override
    public void close() {
        int f = fd;
        fd = -1;
        if (f >= 0) libc.close(f);
    }
}
