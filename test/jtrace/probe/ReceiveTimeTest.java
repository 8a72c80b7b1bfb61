package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernel's receive stamp (CLOCK_REALTIME) moved onto the monotonic clock the engine schedules on. */
class ReceiveTimeTest {
    @Test
    void theRealtimeReadingCountsAsTheMiddleOfItsBracket() {
        // Realtime read 1000 ns after the kernel's stamp, somewhere between monotonic 5000 and 5400.
        assertThat(MethodClock.onMonotonic(9_000, 5_000, 10_000, 5_400)).isEqualTo(5_200 - 1_000);
    }

    @Test
    void aSlowClockReadDoesNotEatTheRoundTrip() {
        // A probe left at monotonic 0; the reply was stamped 5 µs later (realtime 1_000_005_000, clocks 1 s apart).
        // Reading realtime took 4 µs: pairing it with the monotonic reading before it (the old way) made the RTT 1 µs.
        long sent = 0, stamp = 1_000_005_000L;
        long before = 8_000, real = 1_000_012_000L, after = 16_000;
        long rtt = MethodClock.onMonotonic(stamp, before, real, after) - sent;
        assertThat(rtt).isEqualTo(5_000);
    }
}
