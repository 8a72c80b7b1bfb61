package jtrace;

import static jtrace.FakeNetwork.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import jtrace.FakeNetwork.Behaviour;
import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.probe.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import jtrace.result.Stop;

/**
 * What must hold for every trace, checked on randomized fake networks (fixed seeds: a failure names its seed and
 * replays): silent and answering routers, ECMP forks, an unreachable, a silent or rate-limited destination,
 * replies out of order and twice, sends refused from some TTL on, and random -q, -N, -z, -f, -m, --gap; -N and -z
 * hold for every probe, re-probes included.
 */
class ScannerPropertiesTest {
    static final InetAddress DEST = ip("10.9.9.9");

    static List<Long> seeds() { return java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList(); }

    record Case(FakeNetwork net, Options options) {}

    static Case randomCase(long seed) {
        Random r = new Random(seed);
        int routers = 1 + r.nextInt(10);
        FakeNetwork net = new FakeNetwork(DEST, (routers + 1) * 100_000L + r.nextInt(500_000), r.nextInt(6) == 0);
        for (int k = 1; k <= routers; k++) {
            int pick = r.nextInt(12);
            Behaviour b = pick < 8 ? Behaviour.ANSWERS : pick < 11 ? Behaviour.SILENT : Behaviour.UNREACHABLE;
            net.router(b, 50_000L + r.nextInt(3_000_000));
        }
        for (int k = 1; k <= routers; k++) if (r.nextInt(5) == 0) net.fork(k, r.nextBoolean() ? Behaviour.ANSWERS : Behaviour.SILENT);
        for (int k = 1; k <= routers; k++) if (r.nextInt(6) == 0) net.exhausted(ip("10.0." + k + ".1"), r.nextInt(2_000_000_000));
        if (r.nextInt(4) == 0) net.exhausted(DEST, r.nextInt(1_500_000_000));
        net.reorder(r.nextInt(3) == 0 ? r.nextInt(2_000_000) : 0, seed).duplicates(r.nextInt(3) == 0 ? 0.3 : 0);
        int first = 1 + (r.nextInt(5) == 0 ? r.nextInt(3) : 0);
        Options o = Options.defaults().queries(1 + r.nextInt(4)).window(1 + r.nextInt(16)).gap(2 + r.nextInt(5))
                .firstTtl(first).maxTtl(first + r.nextInt(20)).sendWait(r.nextInt(5) == 0 ? 0.002 : 0);
        if (r.nextInt(8) == 0) net.refuseFromTtl = 1 + r.nextInt(12);  // a local firewall from this TTL on
        return new Case(net, o);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyTraceKeepsTheScannersPromises(long seed) throws Exception {
        Case c = randomCase(seed);
        Options o = c.options();
        Engine engine = new Engine(c.net(), DEST);
        int[] inFlight = {0}, most = {0}, engineSent = {0};
        engine.listen(e -> {
            if (e instanceof Event.Sent) {
                engineSent[0]++;
                most[0] = Math.max(most[0], ++inFlight[0]);
            } else if (e instanceof Event.Answered || e instanceof Event.Expired) inFlight[0]--;
        });
        Trace t = new RouteScanner(engine, o).scan("dest", DEST, hop -> {});
        List<Hop> hops = t.hops();

        // -N and -z hold for every probe, re-probes too: each went through the engine, which keeps them.
        List<FakeNetwork.Sent> wire = c.net().sent();
        assertThat(wire).as("seed %d: every probe on the wire was sent by the engine", seed).hasSize(engineSent[0]);
        assertThat(most[0]).as("seed %d: probes in flight", seed).isLessThanOrEqualTo(o.window());
        for (int i = 1; i < wire.size(); i++)
            assertThat(wire.get(i).at() - wire.get(i - 1).at()).as("seed %d: probe %d", seed, i).isGreaterThanOrEqualTo(o.sendWaitNanos());

        // Hops in order, without holes, from -f on, never past -m.
        assertThat(hops).as("seed %d: some hop", seed).isNotEmpty();
        for (int i = 0; i < hops.size(); i++) assertThat(hops.get(i).ttl()).as("seed %d: hop %d", seed, i).isEqualTo(o.firstTtl() + i);
        assertThat(t.last().ttl()).isLessThanOrEqualTo(o.maxTtl());

        // Each hop line shows exactly -q results; the -q regular probes are all there (fewer only where a send failed).
        for (Hop h : hops) {
            int sent = h.error() == null ? o.queries() : (int) c.net().sent().stream().filter(s -> s.ttl() == h.ttl()).count();
            assertThat(h.regular()).as("seed %d: hop %d", seed, h.ttl()).hasSize(sent);
            assertThat(h.shown()).hasSize(sent);
            assertThat(h.toString().split(" \\*", -1).length - 1).isLessThanOrEqualTo(o.queries());
        }

        // No reply matched twice, each matches its probe's key, and each is about our destination from a real node.
        Map<Reply, Boolean> seen = new IdentityHashMap<>();
        Set<Integer> keys = new HashSet<>();
        for (Hop h : hops)
            for (Probe p : h.probes()) {
                assertThat(keys.add(p.key())).as("seed %d: key %d used once", seed, p.key()).isTrue();
                if (!p.answered()) continue;
                assertThat(seen.put(p.reply(), true)).as("seed %d: a reply matched twice", seed).isNull();
                assertThat(p.reply().key()).isEqualTo(p.key());
                assertThat(p.reply().destination()).isEqualTo(DEST);
                assertThat(c.net().nodes()).contains(p.from());
                assertThat(p.rtt()).isPositive();
            }

        // The stop reason agrees with the last hop.
        Hop last = t.last();
        boolean lastFromDest = last.probes().stream().anyMatch(p -> p.answered() && p.from().equals(DEST));
        boolean lastFinal = last.probes().stream().anyMatch(p -> p.answered() && p.reply().isFinal());
        switch (t.stop()) {
            case REACHED -> assertThat(lastFromDest).as("seed %d: reached, so the destination answered last", seed).isTrue();
            case UNREACHABLE -> assertThat(lastFinal && !lastFromDest).as("seed %d: an unreachable from a router", seed).isTrue();
            case MAX_TTL -> {
                assertThat(last.ttl()).as("seed %d", seed).isEqualTo(o.maxTtl());
                assertThat(lastFinal || lastFromDest).as("seed %d: no end answer at -m", seed).isFalse();
            }
            case GAP_LIMIT -> {
                assertThat(hops.size()).as("seed %d", seed).isGreaterThanOrEqualTo(o.gap());
                assertThat(hops.subList(hops.size() - o.gap(), hops.size())).as("seed %d: the gap is silent", seed).allMatch(Hop::silent);
            }
            case SEND_FAILED -> {
                assertThat(last.error()).as("seed %d: the last hop says why", seed).isNotNull();
                assertThat(last.ttl()).as("seed %d", seed).isGreaterThanOrEqualTo(c.net().refuseFromTtl);
            }
        }
        if (t.stop() != Stop.SEND_FAILED) assertThat(hops).as("seed %d: no hop failed to send", seed).allMatch(h -> h.error() == null);
        // Nothing answered past the end: no hop before the last holds an end answer from the destination.
        for (Hop h : hops.subList(0, hops.size() - 1))
            assertThat(h.probes()).as("seed %d: hop %d", seed, h.ttl()).noneMatch(p -> p.answered() && p.reply().isFinal());
    }
}
