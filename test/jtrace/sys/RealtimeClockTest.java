package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RealtimeClockTest {
    @Test
    void readsTheWallClockInNanoseconds() {
        RealtimeClock clock = new RealtimeClock();
        Instant before = Instant.now();
        long nanos = clock.nanos();
        Instant after = Instant.now();
        long b = before.getEpochSecond() * 1_000_000_000L + before.getNano();
        long a = after.getEpochSecond() * 1_000_000_000L + after.getNano();
        assertThat(nanos).isBetween(b - 1_000_000, a + 1_000_000);
        assertThat(clock.nanos()).isGreaterThanOrEqualTo(nanos);
    }
}
