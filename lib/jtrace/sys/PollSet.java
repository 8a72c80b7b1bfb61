package jtrace.sys;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * poll(2) over many sockets at once: the TCP connect method keeps one socket per probe in flight. Slots are
 * reused; a slot with fd -1 is ignored by the kernel. Not thread-safe.
 */
public final class PollSet {
    private static final int POLLFD_SIZE = 8;

    private final LibC libc = Native.libc();
    private final int capacity;
    private final Pointer fds;

    public PollSet(int capacity) {
        this.capacity = capacity;
        this.fds = Memory.allocateDirect(Native.runtime(), (long) capacity * POLLFD_SIZE, true);
        for (int i = 0; i < capacity; i++) clear(i);
    }

    public int capacity() { return capacity; }

    /** Watches {@code socket} in slot {@code i} for {@code events} (POLLERR and POLLHUP are always reported). */
    public void set(int i, NativeSocket socket, int events) {
        fds.putInt((long) i * POLLFD_SIZE, socket.fd());
        fds.putShort((long) i * POLLFD_SIZE + 4, (short) events);
        fds.putShort((long) i * POLLFD_SIZE + 6, (short) 0);
    }

    /** Empties slot {@code i}. */
    public void clear(int i) {
        fds.putInt((long) i * POLLFD_SIZE, -1);
        fds.putShort((long) i * POLLFD_SIZE + 4, (short) 0);
        fds.putShort((long) i * POLLFD_SIZE + 6, (short) 0);
    }

    /** Waits up to {@code timeoutMillis}: how many slots have events (0 on timeout or a signal). */
    public int poll(int timeoutMillis) throws ErrnoException {
        int n = libc.poll(fds, capacity, timeoutMillis);
        if (n >= 0) return n;
        int errno = Native.errno();
        if (errno == ErrnoException.EINTR) return 0;
        throw new ErrnoException("poll", errno);
    }

    /** What happened on slot {@code i} in the last poll. */
    public int revents(int i) { return fds.getShort((long) i * POLLFD_SIZE + 6) & 0xffff; }
}
