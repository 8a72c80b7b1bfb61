package jtrace.multi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jtrace.Jtrace;
import jtrace.Trace;
import org.junit.jupiter.api.Test;

/** {@code traceAll} at the JShell prompt: several targets on loopback, any user, results in the hosts' order. */
class TraceAllTest {
    @Test
    void tracesEveryHostAndKeepsTheirOrder() {
        List<Trace> traces = Jtrace.traceAll("127.0.0.3", "127.0.0.1", "127.0.0.2");
        assertThat(traces).extracting(t -> t.target().getHostAddress()).containsExactly("127.0.0.3", "127.0.0.1", "127.0.0.2");
        for (Trace t : traces) {
            assertThat(t.reached()).as(t.text()).isTrue();
            assertThat(t.route()).containsExactly(t.target());
        }
    }
}
