package jtrace.multi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jtrace.Options;
import jtrace.Trace;
import jtrace.probe.Reply;
import jtrace.support.VirtualNetwork;
import org.junit.jupiter.api.Test;

/**
 * The multi-target scheduler on virtual networks: each target's own path of routers, every probe that expires at a
 * router counted there, so the tests can say how often each router had to answer.
 */
class MultiScannerTest {
    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Routers 10.0.1.1 … 10.0.n.1. */
    static List<InetAddress> shared(int n) {
        List<InetAddress> r = new ArrayList<>();
        for (int k = 1; k <= n; k++) r.add(ip("10.0." + k + ".1"));
        return r;
    }

    /** One target's network: its path of routers, then the destination; probes that expire at a router are counted. */
    static final class PathNet extends VirtualNetwork {
        final List<InetAddress> path;
        final InetAddress destination;
        final Map<InetAddress, Integer> expired;
        Map<InetAddress, List<Long>> expiredAt = new ConcurrentHashMap<>();  // on the run's clock
        VirtualClock runClock;
        int sent;

        PathNet(List<InetAddress> path, InetAddress destination, Map<InetAddress, Integer> expired) {
            super(1_000_000_000L);
            this.path = path;
            this.destination = destination;
            this.expired = expired;
        }

        @Override public jtrace.probe.Method kind() { return jtrace.probe.Method.UDP; }

        @Override public int packetSize() { return 60; }

        @Override
        public long send(int ttl, int key) {
            now += 5_000;
            sent++;
            if (ttl <= path.size()) {
                InetAddress router = path.get(ttl - 1);
                expired.merge(router, 1, Integer::sum);
                if (runClock != null) expiredAt.computeIfAbsent(router, r -> Collections.synchronizedList(new ArrayList<>())).add(runClock.now());
                deliver(now + ttl * 100_000L, new Reply(key, router, 11, 0, now + ttl * 100_000L, 64 - ttl + 1, destination, 0));
            } else {
                long rtt = (path.size() + 1) * 100_000L;
                deliver(now + rtt, new Reply(key, destination, 3, 3, now + rtt, 64 - path.size(), destination, 0));
            }
            return now;
        }
    }

    /** A clock that only moves when someone waits: pacing and router budgets cost no real time. */
    static final class VirtualClock implements Pacer.Clock {
        long now;

        @Override public synchronized long now() { return now; }

        @Override public synchronized void sleepUntil(long nanos) { now = Math.max(now, nanos); }
    }

    record Run(List<Trace> traces, Map<InetAddress, Integer> expired, int probes, Map<InetAddress, List<Long>> expiredAt) {}

    static Run run(List<InetAddress> targets, Function<InetAddress, List<InetAddress>> pathTo) throws Exception {
        Map<InetAddress, Integer> expired = new ConcurrentHashMap<>();
        Map<InetAddress, List<Long>> expiredAt = new ConcurrentHashMap<>();
        List<PathNet> nets = Collections.synchronizedList(new ArrayList<>());
        VirtualClock clock = new VirtualClock();
        MultiScanner scanner = new MultiScanner(Options.defaults(), new Pacer(1000, clock), clock, 1);
        List<String> failures = new ArrayList<>();
        List<Trace> traces = scanner.scan(targets.stream().map(a -> new MultiScanner.Target(a.getHostAddress(), a)).toList(), a -> {
            PathNet n = new PathNet(pathTo.apply(a), a, expired);
            n.runClock = clock;
            n.expiredAt = expiredAt;
            nets.add(n);
            return n;
        }, new MultiScanner.Listener() {
            @Override public void finished(Trace trace) {}

            @Override public void failed(MultiScanner.Target target, Exception why) { failures.add(target + ": " + why); }
        });
        assertThat(failures).isEmpty();
        return new Run(traces, expired, nets.stream().mapToInt(n -> n.sent).sum(), expiredAt);
    }

    static List<InetAddress> route(List<InetAddress> path, InetAddress destination) {
        List<InetAddress> r = new ArrayList<>(path);
        r.add(destination);
        return r;
    }

    @Test
    void aHundredTargetsBehindOneSharedPathCostItsRoutersOneTrace() throws Exception {
        List<InetAddress> targets = new ArrayList<>();
        for (int i = 2; i < 102; i++) targets.add(ip("10.9.9." + i));
        Run run = run(targets, t -> shared(6));
        for (int i = 0; i < targets.size(); i++) {
            Trace t = run.traces().get(i);
            assertThat(t.route()).as("route to %s", targets.get(i)).isEqualTo(route(shared(6), targets.get(i)));
            assertThat(t.reached()).isTrue();
            assertThat(t.hops()).allSatisfy(h -> assertThat(h.probes()).hasSize(3));
            if (i > 0) assertThat(t.reusedFrom()).as("hops taken from the first trace").isEqualTo(
                    Map.of(1, targets.get(0), 2, targets.get(0), 3, targets.get(0), 4, targets.get(0), 5, targets.get(0), 6, targets.get(0)));
        }
        assertThat(run.traces().get(0).reusedFrom()).isEmpty();
        for (InetAddress router : shared(6)) assertThat(run.expired().get(router)).as("probes that expired at %s", router).isEqualTo(3);
        assertThat(run.probes()).as("one trace (7 hops x 3, and a lookahead) plus 3 probes per other target").isLessThanOrEqualTo(7 * 3 + 6 + 99 * 3);
    }

    @Test
    void aTargetBehindAnotherBranchStopsProbingBackwardsAtTheFirstKnownRouter() throws Exception {
        List<InetAddress> branch = new ArrayList<>(shared(4));
        branch.add(ip("10.1.5.1"));
        branch.add(ip("10.1.6.1"));
        InetAddress a = ip("10.9.9.2"), b = ip("10.8.8.2");
        Run run = run(List.of(a, b), t -> t.equals(a) ? shared(6) : branch);
        Trace tb = run.traces().get(1);
        assertThat(tb.route()).isEqualTo(route(branch, b));
        assertThat(tb.reusedFrom()).isEqualTo(Map.of(1, a, 2, a, 3, a));  // router 4 was met again: below it is known
        assertThat(run.expired().get(shared(6).get(0))).as("router 1: only the first trace").isEqualTo(3);
        assertThat(run.expired().get(shared(6).get(3))).as("router 4: both traces").isEqualTo(6);
        assertThat(tb.notes()).anySatisfy(n -> assertThat(n).contains("hops 1-3 were not probed again", "10.0.4.1", "hop 4"));
    }

    @Test
    void aSiblingNearerThanTheReferenceIsTracedWhole() throws Exception {
        InetAddress far = ip("10.9.9.2"), near = ip("10.9.9.3");
        Run run = run(List.of(far, near), t -> t.equals(far) ? shared(6) : shared(4));
        assertThat(run.traces().get(1).route()).isEqualTo(route(shared(4), near));
        assertThat(run.traces().get(1).reusedFrom()).isEmpty();
    }

    @Test
    void aSiblingFartherThanTheReferenceIsFollowedToItsEnd() throws Exception {
        InetAddress near = ip("10.9.9.2"), far = ip("10.9.9.3");
        List<InetAddress> longer = new ArrayList<>(shared(6));
        longer.add(ip("10.0.7.1"));
        Run run = run(List.of(near, far), t -> t.equals(near) ? shared(6) : longer);
        Trace t = run.traces().get(1);
        assertThat(t.route()).isEqualTo(route(longer, far));
        assertThat(t.reusedFrom().keySet()).as("router 6 met again one hop back").containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    /** How many of these probes a Linux router (a burst of 6, then one a second; a refused probe costs nothing) refuses. */
    static int refused(List<Long> times) {
        long credit = 6_000_000_000L, last = times.isEmpty() ? 0 : times.get(0);
        int refused = 0;
        for (long t : times.stream().sorted().toList()) {
            credit = Math.min(6_000_000_000L, credit + (t - last));
            last = t;
            if (credit >= 1_000_000_000L) credit -= 1_000_000_000L;
            else refused++;
        }
        return refused;
    }

    @Test
    void targetsInManyPrefixesBeyondOneRouterWaitForItsAnswersInsteadOfDrainingIt() throws Exception {
        // Thirty targets, each in its own /24, behind the first target's six routers and one more router X at hop 7,
        // where the first target's trace ended: each starts there, so each one's probes meet X.
        InetAddress first = ip("10.9.9.2"), x = ip("10.0.7.1");
        List<InetAddress> beyond = new ArrayList<>(shared(6));
        beyond.add(x);
        List<InetAddress> targets = new ArrayList<>(List.of(first));
        for (int i = 0; i < 30; i++) targets.add(ip("10.50." + i + ".2"));
        Run run = run(targets, t -> t.equals(first) ? shared(6) : beyond);
        for (int i = 1; i < targets.size(); i++) assertThat(run.traces().get(i).route()).isEqualTo(route(beyond, targets.get(i)));
        assertThat(run.expiredAt().get(x).size()).as("X answered for every target").isGreaterThanOrEqualTo(30);
        for (var e : run.expiredAt().entrySet())
            assertThat(refused(e.getValue())).as("probes %s had to refuse (sent %d)", e.getKey(), e.getValue().size()).isZero();
    }

    @Test
    void thePacerSpacesSendsOneOverPpsApart() throws Exception {
        VirtualClock clock = new VirtualClock();
        Pacer pacer = new Pacer(200, clock);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pacer.await();
            at.add(clock.now());
        }
        assertThat(at).containsExactly(0L, 5_000_000L, 10_000_000L, 15_000_000L);
    }

    @Test
    void aRouterBudgetIsABurstOfSixThenOneASecond() throws Exception {
        VirtualClock clock = new VirtualClock();
        RouterBudget budget = new RouterBudget(clock);
        budget.take(ip("10.0.1.1"), 3);
        budget.take(ip("10.0.1.1"), 3);
        assertThat(clock.now()).isZero();
        budget.take(ip("10.0.2.1"), 3);  // another router's bucket
        assertThat(clock.now()).isZero();
        budget.take(ip("10.0.1.1"), 3);
        assertThat(clock.now()).isEqualTo(3_000_000_000L);
    }
}
