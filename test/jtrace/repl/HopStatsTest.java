package jtrace.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import jtrace.result.HopStats;
import org.junit.jupiter.api.Test;

/** mtr's per-hop numbers, checked against values worked out by hand. */
class HopStatsTest {
    private static HopStats answered(double... rtts) {
        HopStats s = HopStats.NONE;
        for (double rtt : rtts) s = s.send().answer(rtt);
        return s;
    }

    @Test
    void meanStdevBestWorstLast() {
        HopStats s = answered(0.5, 0.7, 0.4, 1.2, 0.9);
        assertThat(s.sent()).isEqualTo(5);
        assertThat(s.received()).isEqualTo(5);
        assertThat(s.mean()).isCloseTo(0.74, within(1e-12));
        // sum of squared deviations: .0576 + .0016 + .1156 + .2116 + .0256 = .412; sample variance .412 / 4
        assertThat(s.variance()).isCloseTo(0.103, within(1e-12));
        assertThat(s.stdev()).isCloseTo(Math.sqrt(0.103), within(1e-12));
        assertThat(s.best()).isEqualTo(0.4);
        assertThat(s.worst()).isEqualTo(1.2);
        assertThat(s.last()).isEqualTo(0.9);
    }

    @Test
    void welfordStaysExactFarFromZero() {
        // x = 1e9 + {4, 7, 13, 16}: variance 30. Summing squares in doubles loses it entirely at this offset.
        HopStats s = answered(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16);
        assertThat(s.mean()).isEqualTo(1e9 + 10);
        assertThat(s.variance()).isEqualTo(30.0);
    }

    @Test
    void jitterAsMtrComputesIt() {
        HopStats s = answered(0.5, 0.7, 0.4, 1.2, 0.9);
        // |0.7-0.5| = .2, |0.4-0.7| = .3, |1.2-0.4| = .8, |0.9-1.2| = .3; the first answer has jitter 0
        assertThat(s.jitter()).isCloseTo(0.3, within(1e-12));
        assertThat(s.jitterMean()).isCloseTo((0 + 0.2 + 0.3 + 0.8 + 0.3) / 5, within(1e-12));
        assertThat(s.jitterMax()).isCloseTo(0.8, within(1e-12));
        // RFC 3550: J += (|D| - J) / 16 → 0, .0125, .03046875, .078564453125, .0924041748046875
        assertThat(s.interarrival()).isCloseTo(0.0924041748046875, within(1e-12));
    }

    @Test
    void firstAnswerHasNoJitterYet() {
        HopStats s = answered(3.0);
        assertThat(s.jitter()).isZero();
        assertThat(s.jitterMean()).isZero();
        assertThat(s.jitterMax()).isZero();
        assertThat(s.stdev()).isZero();
        assertThat(s.mean()).isEqualTo(3.0);
    }

    @Test
    void lossCountsOnlyProbesNoLongerInFlight() {
        HopStats s = HopStats.NONE.send().send().send().send();  // 4 sent
        s = s.answer(1.0).lose();                                   // 1 answered, 1 lost, 2 still in flight
        assertThat(s.inFlight()).isEqualTo(2);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.lossPercent()).isEqualTo(50.0);               // 1 of the 2 settled, not 1 of 4
        s = s.answer(1.0).lose();
        assertThat(s.lossPercent()).isEqualTo(50.0);
        assertThat(s.sent()).isEqualTo(4);
    }

    @Test
    void nothingSettledIsNoLoss() {
        HopStats s = HopStats.NONE.send();
        assertThat(s.lossPercent()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.best()).isNaN();
        assertThat(HopStats.NONE.lossPercent()).isZero();
    }

    @Test
    void aWithdrawnProbeWasNeverSent() {
        HopStats s = HopStats.NONE.send().send().withdraw();
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.lose().lossPercent()).isEqualTo(100.0);
    }

    @Test
    void answersNeedAProbeInFlight() {
        assertThatThrownBy(() -> HopStats.NONE.answer(1.0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HopStats.NONE.lose()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HopStats.NONE.send().answer(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HopStats.NONE.send().answer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
