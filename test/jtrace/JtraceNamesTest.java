package jtrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** trace() at a JShell prompt names hops as the command line does: reverse DNS, through the same annotator. */
class JtraceNamesTest {
    @Test
    void traceNamesItsHopsByReverseDnsUnlessNumeric() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        String expected = InetAddress.getByAddress(loopback.getAddress()).getHostName();  // what the resolver says here
        Trace named = Jtrace.trace("127.0.0.1", Jtrace.options().queries(1));
        assertThat(named.names()).containsEntry(loopback, expected);
        if (!expected.equals("127.0.0.1")) assertThat(named.text()).contains(" 1  " + expected + " (127.0.0.1)");
        Trace numeric = Jtrace.trace("127.0.0.1", Jtrace.options().queries(1).numeric(true));
        assertThat(numeric.names()).isEmpty();
    }
}
