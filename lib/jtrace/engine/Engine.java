package jtrace.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * The one event loop every policy runs on: it keeps at most {@code window} probes in flight (-N), spaces sends by
 * {@code sendWait} (-z), gives each probe a sequence number unique over the method's lifetime (so a late reply to
 * an earlier trace on the same method matches nothing), matches replies by sequence and quoted destination,
 * expires the oldest probe when its policy's deadline passes (a reply that comes later in the run is a
 * {@link Event.Late}), and hands every step to the policy as an {@link Event}. Time is the method's clock:
 * monotonic for real sockets, virtual in tests.
 *
 * <p>One engine per open method: create it once and run as many policies on it as you like, one after another.
 */
public final class Engine {
    private final ProbeMethod method;
    private final InetAddress destination;
    private final Map<Integer, Event.Sent> inFlight = new LinkedHashMap<>();  // seq -> probe, oldest first
    private final Map<Integer, Event.Sent> expired = new LinkedHashMap<>();   // this run's expired probes, for late replies
    private final List<Consumer<Event>> listeners = new ArrayList<>();
    private Policy policy;
    private int nextSeq;
    private long nextSendAt = Long.MIN_VALUE;

    public Engine(ProbeMethod method, InetAddress destination) {
        this.method = method;
        this.destination = destination;
    }

    public ProbeMethod method() { return method; }

    public InetAddress destination() { return destination; }

    /** Now on the engine's clock (nanoseconds). */
    public long now() { return method.now(); }

    /** Probes sent and neither answered nor expired yet. */
    public int inFlight() { return inFlight.size(); }

    /** Also tells {@code listener} every event (a watch counts sends this way). */
    public Engine listen(Consumer<Event> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Runs {@code policy} until it is done: at most {@code window} probes in flight, sends at least
     * {@code sendWaitNanos} apart. Probes still in flight when it returns are expired (replies after that drop).
     */
    public void run(Policy policy, int window, long sendWaitNanos) throws IOException {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
        this.policy = policy;
        expired.clear();  // a late reply to an earlier run's probe is not this policy's
        try {
            do {
                // A send that failed with nothing in flight may have ended the policy: ask it before waiting.
                if (send(window, sendWaitNanos) && inFlight.isEmpty()) continue;
                Reply reply = method.receive(wakeAt(window));
                if (reply == null) expireOverdue();
                // Take everything already queued before sending more: the destination's answer may be in there.
                for (; reply != null; reply = method.receive(method.now())) match(reply);
            } while (!policy.done(method.now()));
        } finally {
            expire(id -> true);
            expired.clear();
            this.policy = null;
        }
    }

    /** Gives up on the probes in flight that {@code which} selects: each becomes an Expired event now. */
    public void expire(Predicate<ProbeId> which) {
        List<Event.Sent> dropped = new ArrayList<>();
        for (Iterator<Event.Sent> it = inFlight.values().iterator(); it.hasNext(); ) {
            Event.Sent s = it.next();
            if (which.test(s.id())) {
                dropped.add(s);
                it.remove();
            }
        }
        for (Event.Sent s : dropped) expired(s);
    }

    /** Sends what the policy asks for within the window; true if a send failed (an {@link Event.Failed}). */
    private boolean send(int window, long sendWaitNanos) throws IOException {
        boolean failed = false;
        while (inFlight.size() < window && method.now() >= nextSendAt) {
            Request r = policy.next(method.now());
            if (r == null) return failed;
            int seq = allocate();
            ProbeId id = new ProbeId(destination, r.ttl(), r.flow() == Request.NEW_FLOW ? seq : r.flow(), seq);
            long at;
            try {
                // NEW_FLOW: the method's own mapping (a Paris method's one flow, a classic method's flow per key).
                at = r.flow() == Request.NEW_FLOW ? method.send(r.ttl(), seq) : method.send(r.ttl(), r.flow(), seq);
            } catch (IOException unsent) {
                if (!policy.recordsSendErrors()) throw unsent;
                emit(new Event.Failed(id, method.now(), r.purpose(), unsent.getMessage()));
                failed = true;
                continue;
            }
            Event.Sent sent = new Event.Sent(id, at, r.purpose());
            inFlight.put(seq, sent);
            nextSendAt = at + sendWaitNanos;
            emit(sent);
        }
        return failed;
    }

    /** The next sequence number: counts on for the method's lifetime, wraps at its key space, skips any in flight. */
    private int allocate() {
        int keys = method.keys();
        for (int tries = 0; tries < keys; tries++) {
            int seq = nextSeq;
            nextSeq = (nextSeq + 1) % keys;
            if (!inFlight.containsKey(seq)) {
                expired.remove(seq);  // reused: a reply with this number answers the new probe
                return seq;
            }
        }
        throw new IllegalStateException("every sequence number is in flight");
    }

    /** The oldest probe's deadline, the policy's timer, or the next send when only pacing holds it back. */
    private long wakeAt(int window) {
        long now = method.now();
        long at = policy.wakeAt(now);
        Event.Sent head = head();
        if (head != null) at = Math.min(at, policy.deadline(head));
        if (inFlight.size() < window && now < nextSendAt) at = Math.min(at, nextSendAt);
        if (at == Long.MAX_VALUE) throw new IllegalStateException("nothing in flight and nothing to wait for: the policy stalled");
        return at;
    }

    private Event.Sent head() {
        return inFlight.isEmpty() ? null : inFlight.values().iterator().next();
    }

    /**
     * Takes a reply only if it quotes our destination and answers a probe still in flight — or one of this run's
     * expired probes, once (a late reply). Duplicates and anything else match nothing.
     */
    private void match(Reply reply) {
        if (!destination.equals(reply.destination())) return;  // not ours
        Event.Sent sent = inFlight.remove(reply.key());
        if (sent != null) {
            emit(new Event.Answered(sent.id(), sent.sentAt(), sent.purpose(), reply));
            return;
        }
        Event.Sent lost = expired.remove(reply.key());
        if (lost != null) emit(new Event.Late(lost.id(), lost.sentAt(), lost.purpose(), reply));
    }

    /** Only the oldest probes are expired, in order, so hops finish in order. */
    private void expireOverdue() {
        long now = method.now();
        for (Event.Sent head = head(); head != null && now >= policy.deadline(head); head = head()) {
            inFlight.remove(head.id().seq());
            expired(head);
        }
    }

    /** The probe is lost; its sequence number is remembered (until reused) so a late reply is told apart from noise. */
    private void expired(Event.Sent s) {
        expired.put(s.id().seq(), s);
        emit(new Event.Expired(s.id(), s.sentAt(), s.purpose()));
    }

    private void emit(Event e) {
        if (policy != null) policy.on(e);
        for (Consumer<Event> l : listeners) l.accept(e);
    }
}
