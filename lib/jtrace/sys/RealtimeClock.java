package jtrace.sys;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * CLOCK_REALTIME in nanoseconds, read with clock_gettime: the clock SO_TIMESTAMPNS stamps packets with, so
 * a kernel receive time minus a send time read here is a round trip. One buffer per clock, no allocation.
 */
public final class RealtimeClock {
    private final Pointer timespec = Memory.allocateDirect(Native.runtime(), 16, true);

    /** Synchronized so that now() may be asked from another thread than the one sending. */
    public synchronized long nanos() {
        if (Native.libc().clock_gettime(Sockets.CLOCK_REALTIME, timespec) != 0)
            throw new IllegalStateException("clock_gettime(CLOCK_REALTIME): " + Native.describe(Native.errno()));
        return timespec.getLong(0) * 1_000_000_000L + timespec.getLong(8);
    }
}
