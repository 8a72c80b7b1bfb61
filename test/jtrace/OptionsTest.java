package jtrace;

import jtrace.probe.Method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Options change one thing at a time; what they refuse, they say as it is. */
class OptionsTest {
    @Test
    void eachWitherChangesItsComponentAndKeepsEveryOther() throws Exception {
        InetAddress source = InetAddress.getByName("10.71.1.1");
        Options o = Options.defaults().method(Method.ICMP).firstTtl(2).maxTtl(9).queries(4).window(5).wait(2, 3, 4)
                .sendWait(0.5).gap(3).port(4000).packetSize(100).numeric(true).source(source).device("lo")
                .extensions(true).mtu(true).flow(7).fast(true);
        assertThat(o).isEqualTo(new Options(Method.ICMP, 2, 9, 4, 5, 2, 3, 4, 0.5, 3, 4000, 100, true, source, "lo", true, true, 7, true));
        assertThat(o.queries(1)).isEqualTo(new Options(Method.ICMP, 2, 9, 1, 5, 2, 3, 4, 0.5, 3, 4000, 100, true, source, "lo", true, true, 7, true));
        assertThat(o.classic().flow()).isEqualTo(Options.CLASSIC);
        assertThat(o.waitMax(7).waitHere()).isEqualTo(3);
    }

    @Test
    void aPortOutOfRangeIsRefusedWithWhatZeroMeans() {
        assertThatThrownBy(() -> Options.defaults().port(70000).validate()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port (-p) must be 1..65535, or 0 for the method's default, got 70000");
        assertThat(Options.defaults().port(0).validate().port()).isZero();
    }

    @Test
    void wireValuesAreCheckedInOnePlaceWhicheverWayTheyCome() {
        // from a prompt, straight to a probe method: the same check and words as -p and Options.validate()
        assertThatThrownBy(() -> new jtrace.probe.ProbeSettings(60, 70000, 0, null, null, false, false))
                .hasMessage("port (-p) must be 1..65535, or 0 for the method's default, got 70000");
        assertThatThrownBy(() -> Options.defaults().packetSize(27).probeSettings())
                .hasMessage("packet length must be 28..65000 bytes, got 27");
        assertThatThrownBy(() -> Options.defaults().packetSize(65001).validate())
                .hasMessage("packet length must be 28..65000 bytes, got 65001");
    }
}
