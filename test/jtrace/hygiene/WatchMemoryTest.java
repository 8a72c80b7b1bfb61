package jtrace.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.watch.RouteWatch;
import jtrace.watch.Rounds;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A long {@code watch} keeps per-hop statistics, not a history: after GC its heap stays flat. The same rounds
 * the REPL's watch runs (RouteWatch fed by Rounds, one method kept open) on 127.0.0.1, 1 ms apart: 3000 rounds
 * — what a watch at mtr's 1 s interval gathers in 50 minutes — may add at most {@link #BOUND} bytes of heap
 * after GC between round 500 and round 3500, i.e. under 100 bytes a round.
 */
@Timeout(120)
class WatchMemoryTest {
    static final int WARM_UP = 500, ROUNDS = 3000;
    static final long BOUND = 300_000;

    @Test
    void heapAfterGcStaysFlatAcrossALongWatch() throws Exception {
        InetAddress target = InetAddress.getByName("127.0.0.1");
        Options o = Options.defaults().method(Method.UDP).queries(1).maxTtl(2).wait(1, 3, 10).numeric(true);
        RouteWatch watch = new RouteWatch("127.0.0.1", target, jtrace.probe.Method.UDP);
        try (ProbeMethod method = Methods.open(Method.UDP, target, o.probeSettings())) {
            Rounds rounds = new Rounds(method, "127.0.0.1", target, o, 0.001, watch, () -> false);
            rounds.run(WARM_UP);
            long before = TraceHygieneTest.heapAfterGc();
            long start = System.nanoTime();
            rounds.run(ROUNDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long after = TraceHygieneTest.heapAfterGc();
            System.out.printf("[WatchMemoryTest] %d rounds in %d ms; heap after GC %d -> %d bytes (%+d)%n",
                    ROUNDS, millis, before, after, after - before);
            assertThat(watch.rounds()).isEqualTo(WARM_UP + ROUNDS);
            assertThat(after - before).as("heap growth after GC across %d watch rounds (bytes)", ROUNDS).isLessThan(BOUND);
        }
    }
}
