package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The methods' clock: monotonic for scheduling, realtime only to move the kernel's receive stamps onto it. */
class MethodClockTest {
    private static final long HOUR = 3_600_000_000_000L, UNIX_NOW = 1_796_000_000_000_000_000L;

    private final AtomicLong monotonic = new AtomicLong(5_000_000), realtime = new AtomicLong(UNIX_NOW);

    @Test
    void readsAsUnixTimeWhenOpened() {
        MethodClock clock = new MethodClock(monotonic::get, realtime::get);
        assertThat(clock.now()).isEqualTo(UNIX_NOW);
    }

    @Test
    void aRealtimeStepMovesNeitherNowNorARoundTrip() {
        MethodClock clock = new MethodClock(monotonic::get, realtime::get);
        long sent = clock.now();
        // 300 µs pass on both clocks, then someone sets the wall clock back an hour; the reply is stamped after the step.
        monotonic.addAndGet(300_000);
        realtime.addAndGet(300_000 - HOUR);
        long stamp = realtime.get() - 100_000;  // the kernel stamped it 100 µs before we looked
        assertThat(clock.now() - sent).as("time passed on the method's clock").isEqualTo(300_000);
        assertThat(clock.receivedAt(stamp) - sent).as("round trip").isEqualTo(200_000);
        realtime.addAndGet(2 * HOUR);  // and forward again
        assertThat(clock.now() - sent).isEqualTo(300_000);
    }

    @Test
    void noKernelStampMeansNow() {
        MethodClock clock = new MethodClock(monotonic::get, realtime::get);
        monotonic.addAndGet(42);
        assertThat(clock.receivedAt(0)).isEqualTo(clock.now());
    }
}
