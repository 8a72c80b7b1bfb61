package jtrace.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import jtrace.probe.Reply;
import jtrace.support.VirtualNetwork;
import org.junit.jupiter.api.Test;

/** The engine alone, on a virtual network: window, pacing, sequence numbers, matching, expiry, events. */
class EngineTest {
    static final InetAddress DEST = ip("10.9.9.9");

    static InetAddress ip(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Every probe is answered after {@code rtt} ns by 10.0.ttl.1 (twice when {@code duplicates}); {@code keys} keys. */
    static final class Echo extends VirtualNetwork {
        final List<long[]> sent = new ArrayList<>();  // {ttl, key, at}
        long rtt = 1_000_000;
        boolean duplicates, silent;
        InetAddress forgeFor;
        int keys = 65536, refuse;

        Echo() { super(1_000_000_000L); }

        @Override public jtrace.probe.Method kind() { return jtrace.probe.Method.ICMP; }
        @Override public int packetSize() { return 60; }
        @Override public int keys() { return keys; }

        @Override
        public long send(int ttl, int key) throws java.io.IOException {
            if (ttl == refuse) throw new java.io.IOException("sendto: Operation not permitted");
            now += 1_000;
            sent.add(new long[] {ttl, key, now});
            Reply r = new Reply(key, ip("10.0." + ttl + ".1"), 11, 0, now + rtt, 60, DEST, 0);
            if (!silent) deliver(now + rtt, r);
            if (duplicates && !silent) deliver(now + rtt + 10, r);
            if (forgeFor != null) deliver(now + 10, new Reply(key, ip("192.0.2.1"), 11, 0, now + 10, 60, forgeFor, 0));
            return now;
        }
    }

    /** Sends {@code n} probes (TTL 1..n), waits {@code wait} ns for each, records every event. */
    static class Burst implements Policy {
        final int n;
        final long wait;
        final List<Event> events = new ArrayList<>();
        int sent, done;

        Burst(int n, long wait) { this.n = n; this.wait = wait; }

        @Override public Request next(long now) { return sent < n ? Request.regular(++sent) : null; }
        @Override public long deadline(Event.Sent p) { return p.sentAt() + wait; }
        @Override public void on(Event e) {
            events.add(e);
            if (!(e instanceof Event.Sent)) done++;
        }
        @Override public boolean done(long now) { return done == n; }

        <T extends Event> List<T> of(Class<T> type) { return events.stream().filter(type::isInstance).map(type::cast).toList(); }
    }

    private static int maxInFlight(List<Event> events) {
        int now = 0, max = 0;
        for (Event e : events) {
            now += e instanceof Event.Sent ? 1 : -1;
            max = Math.max(max, now);
        }
        return max;
    }

    @Test
    void theWindowBoundsProbesInFlightAndEveryProbeEndsOnce() throws Exception {
        Echo net = new Echo();
        Burst p = new Burst(20, 5_000_000);
        new Engine(net, DEST).run(p, 4, 0);
        assertThat(maxInFlight(p.events)).isEqualTo(4);
        assertThat(p.of(Event.Answered.class)).hasSize(20);
        assertThat(p.of(Event.Answered.class)).extracting(a -> a.id().seq()).doesNotHaveDuplicates();
        assertThat(p.of(Event.Answered.class)).allSatisfy(a -> assertThat(a.rtt()).isEqualTo(1_000_000));
    }

    @Test
    void duplicateRepliesAreMatchedOnce() throws Exception {
        Echo net = new Echo();
        net.duplicates = true;
        Burst p = new Burst(10, 5_000_000);
        new Engine(net, DEST).run(p, 16, 0);
        assertThat(p.of(Event.Answered.class)).hasSize(10).extracting(a -> a.id().seq()).doesNotHaveDuplicates();
    }

    @Test
    void sendsKeepTheSendWait() throws Exception {
        Echo net = new Echo();
        new Engine(net, DEST).run(new Burst(5, 5_000_000), 16, 30_000_000);
        for (int i = 1; i < net.sent.size(); i++) assertThat(net.sent.get(i)[2] - net.sent.get(i - 1)[2]).isGreaterThanOrEqualTo(30_000_000);
    }

    @Test
    void sequenceNumbersRunOnAcrossPoliciesAndWrapAtTheMethodsKeySpace() throws Exception {
        Echo net = new Echo();
        net.keys = 7;
        Engine engine = new Engine(net, DEST);
        engine.run(new Burst(5, 5_000_000), 16, 0);
        engine.run(new Burst(5, 5_000_000), 16, 0);
        assertThat(net.sent).extracting(s -> (int) s[1]).containsExactly(0, 1, 2, 3, 4, 5, 6, 0, 1, 2);
    }

    @Test
    void theOldestProbeExpiresAtItsDeadlineAndItsLateReplyIsDropped() throws Exception {
        Echo net = new Echo();
        net.rtt = 20_000_000;  // answers come after the 10 ms deadline
        Burst p = new Burst(3, 10_000_000);
        Engine engine = new Engine(net, DEST);
        engine.run(p, 16, 0);
        assertThat(p.of(Event.Expired.class)).hasSize(3);
        assertThat(p.of(Event.Answered.class)).isEmpty();
        assertThat(p.of(Event.Expired.class)).extracting(e -> e.id().ttl()).containsExactly(1, 2, 3);  // in send order
        // The next run's probes never take those late answers (other sequence numbers).
        net.rtt = 1_000;
        Burst next = new Burst(3, 10_000_000);
        engine.run(next, 16, 0);
        assertThat(next.of(Event.Answered.class)).hasSize(3).allSatisfy(a -> assertThat(a.rtt()).isEqualTo(1_000));
    }

    @Test
    void aReplyAfterItsProbeExpiredIsLateOnceWhileThePolicyRuns() throws Exception {
        Echo net = new Echo();
        net.rtt = 20_000_000;  // answers come after the 10 ms deadline
        net.duplicates = true;  // and twice: only the first one is the late reply
        // Two probes; the policy runs on until both have a late reply (or 100 ms pass).
        long end = net.now() + 100_000_000;
        Burst p = new Burst(2, 10_000_000) {
            @Override public long wakeAt(long now) { return now < end ? end : Long.MAX_VALUE; }
            @Override public boolean done(long now) { return of(Event.Late.class).size() == 2 || now >= end; }
        };
        new Engine(net, DEST).run(p, 16, 0);
        assertThat(p.of(Event.Expired.class)).hasSize(2);
        assertThat(p.of(Event.Answered.class)).isEmpty();
        List<Event.Late> late = p.of(Event.Late.class);
        assertThat(late).extracting(l -> l.id().ttl()).containsExactly(1, 2);
        assertThat(late).allSatisfy(l -> assertThat(l.reply().received() - l.sentAt()).isEqualTo(20_000_000));
        assertThat(p.events.indexOf(late.get(0))).isGreaterThan(p.events.indexOf(p.of(Event.Expired.class).get(1)));
    }

    @Test
    void aSendThatFailsIsAnEventForAPolicyThatRecordsItAndAnExceptionOtherwise() throws Exception {
        Echo net = new Echo();
        net.refuse = 2;  // the probe with TTL 2 cannot be sent
        Burst records = new Burst(3, 5_000_000) {
            @Override public boolean recordsSendErrors() { return true; }
        };
        new Engine(net, DEST).run(records, 16, 0);
        assertThat(records.of(Event.Failed.class)).singleElement().satisfies(f -> {
            assertThat(f.id().ttl()).isEqualTo(2);
            assertThat(f.error()).isEqualTo("sendto: Operation not permitted");
        });
        assertThat(records.of(Event.Answered.class)).extracting(a -> a.id().ttl()).containsExactlyInAnyOrder(1, 3);
        assertThatThrownBy(() -> new Engine(net, DEST).run(new Burst(3, 5_000_000), 16, 0))
                .isInstanceOf(java.io.IOException.class).hasMessage("sendto: Operation not permitted");
    }

    @Test
    void aPolicyWhoseOnlyProbeCannotBeSentEndsWithoutWaiting() throws Exception {
        Echo net = new Echo();
        net.refuse = 1;  // the only probe fails: nothing is in flight, nothing to wait for, and the policy is done
        Burst records = new Burst(1, 5_000_000) {
            @Override public boolean recordsSendErrors() { return true; }
        };
        new Engine(net, DEST).run(records, 16, 0);
        assertThat(records.of(Event.Failed.class)).singleElement().satisfies(f -> assertThat(f.id().ttl()).isEqualTo(1));
        assertThat(records.of(Event.Sent.class)).isEmpty();
    }

    @Test
    void aReplyQuotingAnotherDestinationIsNotOurs() throws Exception {
        Echo net = new Echo();
        net.silent = true;
        net.forgeFor = ip("10.8.8.8");  // each probe draws an answer with its key, about another destination
        Burst p = new Burst(2, 10_000_000);
        new Engine(net, DEST).run(p, 16, 0);
        assertThat(p.of(Event.Answered.class)).isEmpty();
        assertThat(p.of(Event.Expired.class)).hasSize(2);
    }
}
