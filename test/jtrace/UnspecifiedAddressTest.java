package jtrace;

import jtrace.probe.Method;
import static jtrace.FakeNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import org.junit.jupiter.api.Test;
import jtrace.result.Stop;

/** traceroute 0.0.0.0 reaches 127.0.0.1 at hop 1 (Linux sends to "this host" over loopback): so does jtrace. */
class UnspecifiedAddressTest {
    @Test
    void tracingTheUnspecifiedAddressReachesLoopbackAtHopOne() throws Exception {
        Options o = Options.defaults();
        try (ProbeMethod udp = Methods.open(Method.UDP, ip("0.0.0.0"), o.probeSettings())) {
            Trace t = new RouteScanner(udp, o).scan(ip("0.0.0.0"));
            assertThat(t.route()).containsExactly(ip("127.0.0.1"));
            assertThat(t.stop()).isEqualTo(Stop.REACHED);
            assertThat(t.findings()).isEmpty();
            assertThat(t.header()).startsWith("traceroute to 0.0.0.0 (0.0.0.0)");
        }
    }
}
