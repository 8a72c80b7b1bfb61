package jtrace.probe;

import java.util.function.LongSupplier;

import jtrace.sys.RealtimeClock;

/**
 * The clock every real method schedules on, and the one place that turns the kernel's receive stamps into times on
 * it. Now is CLOCK_MONOTONIC (System.nanoTime) shifted once, at open, to read as Unix time: a clock step (NTP, a user)
 * neither stalls nor expires a trace. CLOCK_REALTIME is read only to move a kernel stamp (SO_TIMESTAMPNS is
 * realtime) onto that clock. Tests give both clocks as suppliers and step either.
 */
final class MethodClock {
    /** A clock pair read wider than this was preempted, and could shift an RTT of a few microseconds to zero: read again. */
    static final long TIGHT_PAIR_NANOS = 20_000;
    /** Readings per pairing: enough that one of them is a warm, unpreempted call. */
    static final int PAIR_READINGS = 3;

    private final LongSupplier monotonic, realtime;
    private final long epochOffset;

    /** The system's clocks. */
    MethodClock() {
        this(System::nanoTime, new RealtimeClock()::nanos);
    }

    MethodClock(LongSupplier monotonic, LongSupplier realtime) {
        this.monotonic = monotonic;
        this.realtime = realtime;
        this.epochOffset = -onMonotonic(0);
    }

    /** Monotonic nanoseconds, reading as Unix time from the moment the method opened. */
    long now() { return monotonic.getAsLong() + epochOffset; }

    /**
     * The kernel's receive time (SO_TIMESTAMPNS, CLOCK_REALTIME) on our clock. No timestamp (0): now, the best we have.
     * Only a clock step between the kernel's stamp and our reading could skew it.
     */
    long receivedAt(long kernelRealtime) {
        return kernelRealtime == 0 ? now() : onMonotonic(kernelRealtime) + epochOffset;
    }

    /** A realtime instant on the monotonic clock: one realtime reading, bracketed as tightly as we can by two monotonic ones. */
    private long onMonotonic(long realtimeInstant) {
        long best = Long.MAX_VALUE, bestBefore = 0, bestReal = 0, bestAfter = 0;
        // The narrowest of a few readings: the first call of a run is slow and lopsided (jnr warming up).
        for (int tries = 0; tries < PAIR_READINGS || (best > TIGHT_PAIR_NANOS && tries < 4 * PAIR_READINGS); tries++) {
            long before = monotonic.getAsLong(), real = realtime.getAsLong(), after = monotonic.getAsLong();
            if (after - before < best) {
                best = after - before;
                bestBefore = before;
                bestReal = real;
                bestAfter = after;
            }
        }
        return onMonotonic(realtimeInstant, bestBefore, bestReal, bestAfter);
    }

    /** {@code realtimeInstant} moved onto the monotonic clock by a realtime reading {@code real} taken between {@code before} and {@code after}. */
    static long onMonotonic(long realtimeInstant, long before, long real, long after) {
        return before + (after - before) / 2 - (real - realtimeInstant);
    }
}
