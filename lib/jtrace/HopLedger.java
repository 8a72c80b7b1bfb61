package jtrace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtrace.engine.Event;
import jtrace.engine.Request.Purpose;
import jtrace.probe.Reply;

/** Every probe of one trace filed by TTL, with what came back: what the scanner and its rate-limit recovery judge by. */
final class HopLedger {
    /** One probe: sent, then answered or expired. */
    static final class Slot {
        final Event.Sent sent;
        Reply reply, late;
        boolean expired;

        Slot(Event.Sent sent) { this.sent = sent; }

        int ttl() { return sent.id().ttl(); }

        boolean regular() { return sent.purpose() == Purpose.REGULAR; }

        boolean done() { return reply != null || expired; }

        long rtt() { return reply.received() - sent.sentAt(); }

        Probe probe() {
            return new Probe(ttl(), sent.id().flow(), sent.id().seq(), sent.sentAt(), reply, !regular(), late);
        }
    }

    private final InetAddress target;
    private final Map<Integer, List<Slot>> byTtl = new HashMap<>();
    private final Map<Integer, Slot> inFlight = new HashMap<>();  // seq -> slot
    private final Map<Integer, Slot> lost = new HashMap<>();      // seq -> expired slot, until a late reply comes
    private final List<Slot> order = new ArrayList<>();

    HopLedger(InetAddress target) { this.target = target; }

    void sent(Event.Sent e) {
        Slot s = new Slot(e);
        byTtl.computeIfAbsent(s.ttl(), t -> new ArrayList<>()).add(s);
        order.add(s);
        inFlight.put(e.id().seq(), s);
    }

    /** The slot of an answered probe, now with its reply. */
    Slot answered(Event.Answered e) {
        Slot s = inFlight.remove(e.id().seq());
        s.reply = e.reply();
        return s;
    }

    void expired(Event.Expired e) {
        Slot s = inFlight.remove(e.id().seq());
        if (s != null) {
            s.expired = true;
            lost.put(e.id().seq(), s);
        }
    }

    /** A reply that came after its probe expired: kept with the probe, which stays lost. */
    void late(Event.Late e) {
        Slot s = lost.remove(e.id().seq());
        if (s != null) s.late = e.reply();
    }

    /** {@code hop} as printed, with the late replies its lost probes drew since. */
    Hop withLateReplies(Hop hop) {
        List<Probe> probes = new ArrayList<>();
        for (Probe p : hop.probes()) {
            Slot s = p.answered() || p.late() != null ? null : slotOf(p);
            probes.add(s != null && s.late != null ? p.withLate(s.late) : p);
        }
        return new Hop(hop.ttl(), probes, hop.behindNat(), hop.error());
    }

    private Slot slotOf(Probe p) {
        for (Slot s : at(p.ttl())) if (s.sent.id().seq() == p.key() && s.sent.sentAt() == p.sent()) return s;
        return null;
    }

    /** Probes sent so far. */
    int count() { return order.size(); }

    List<Slot> at(int ttl) { return byTtl.getOrDefault(ttl, List.of()); }

    long regularCount(int ttl) { return at(ttl).stream().filter(Slot::regular).count(); }

    /** Probes sent to this TTL after its -q ones (re-probes). */
    long extraCount(int ttl) { return at(ttl).size() - regularCount(ttl); }

    /** When the first probe to this TTL left (0 if none did). */
    long firstSent(int ttl) { return at(ttl).stream().mapToLong(s -> s.sent.sentAt()).min().orElse(0); }

    boolean allDone(int ttl) { return at(ttl).stream().allMatch(Slot::done); }

    boolean anyAnswer(int ttl) { return at(ttl).stream().anyMatch(s -> s.reply != null); }

    boolean fromTarget(Slot s) { return s.reply != null && s.reply.from().equals(target); }

    /** Whether a router (not the destination) answered at a TTL above this one. */
    boolean routerAnsweredAbove(int ttl) {
        for (Slot s : order) if (s.ttl() > ttl && s.reply != null && !fromTarget(s)) return true;
        return false;
    }

    /** The slowest round trip answered at this TTL, 0 if none. */
    long slowestAnswer(int ttl) {
        long worst = 0;
        for (Slot s : at(ttl)) if (s.reply != null) worst = Math.max(worst, s.rtt());
        return worst;
    }

    /** When the destination last answered (its reply's receive time), 0 if never. */
    long lastAnswerFromTarget() {
        long last = 0;
        for (Slot s : order) if (fromTarget(s)) last = Math.max(last, s.reply.received());
        return last;
    }

    /** Hops to the destination judged from its replies' TTL at this hop (initial TTL minus what arrived, plus one), -1 if unknown. */
    int replyDistance(int ttl) {
        int best = -1;
        for (Slot s : at(ttl))
            if (fromTarget(s)) best = Math.max(best, s.reply.hopsAway());
        return best;
    }

    /** The hop as a result: every probe at this TTL, regular and extra. */
    Hop hop(int ttl) { return new Hop(ttl, at(ttl).stream().map(Slot::probe).toList()); }
}
