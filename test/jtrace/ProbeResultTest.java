package jtrace;

import static jtrace.FakeNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeResultTest {
    @Test
    void aProbeWithoutAnswerSaysRateLimitingIsLikelyBeforeBlamingTheRouter() {
        ProbeResult r = new ProbeResult("10.71.6.2", ip("10.71.6.2"), jtrace.probe.Method.UDP, 1, new byte[32], null, Double.NaN, null, 33434);
        String text = r.toString();
        assertThat(text).contains("received: nothing within the wait. Most likely rate limiting")
                .contains("probe again in a second")
                .doesNotContain("the router may not answer");
    }
}
