package jtrace;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * Finds the route to a host, the way traceroute does: send probes with TTL 1, 2, 3…; each router where a
 * TTL runs out answers "time exceeded", and the destination answers "echo reply" or "port unreachable".
 *
 * <p>Compared with the one-probe-at-a-time loop it grew from, it
 * <ul>
 *   <li>keeps a window of probes in flight (-N, 16), TTL by TTL: two hops past the farthest answer, up to
 *       the gap limit once answers stall — so the destination is not sent more probes than it will answer;</li>
 *   <li>waits adaptively (-w MAX,HERE,NEAR): a silent hop costs ~10 round trips, not seconds;</li>
 *   <li>matches each reply to its probe by what the reply quotes, and drops anything else;</li>
 *   <li>stops at the destination, at an unreachable, at the max TTL, or after {@code gap} silent hops;</li>
 *   <li>re-checks silent hops in front of the destination, because hosts rate-limit their ICMP errors.</li>
 * </ul>
 * Hops are handed to {@code onHop} in order as soon as each is known.
 */
public final class RouteScanner {
    /** Linux sends a burst of ~6 ICMP errors to one host, then one per second (net.ipv4.icmp_ratelimit). */
    static final long RATE_LIMIT_PERIOD = 1_000_000_000L;
    /** Past the farthest answer, wait at least this long: one more hop is rarely a second further away. */
    static final long FAR_WAIT_FLOOR = 1_000_000_000L;
    /** While answers keep coming, probe this many hops past the farthest one: more only reach the destination. */
    static final int LOOKAHEAD = 2;
    /** Answers have stalled after NEAR x the slowest RTT, but not before this (before any answer: 5x this). */
    static final long STALL_FLOOR = 10_000_000L;

    private final ProbeMethod net;
    private final Options options;

    public RouteScanner(ProbeMethod method, Options options) {
        this.net = method;
        this.options = options.validate();
    }

    /** Traces {@code target}; {@code host} is only for display. */
    public Trace scan(String host, InetAddress target, Consumer<Hop> onHop) throws IOException {
        return new Run(target, onHop).trace(host);
    }

    public Trace scan(InetAddress target) throws IOException {
        return scan(jtrace.packet.AddressText.of(target), target, hop -> {});
    }

    /** A probe slot: sent or not yet, answered or expired. */
    private static final class Slot {
        final int ttl;
        int key = -1;
        long sent;
        Reply reply;
        boolean expired;

        Slot(int ttl) { this.ttl = ttl; }

        boolean sentOut() { return key >= 0; }

        boolean done() { return reply != null || expired; }

        long rtt() { return reply.received() - sent; }
    }

    /** The state of one trace; a scanner can run many traces one after another. */
    private final class Run {
        private final InetAddress target;
        private final Consumer<Hop> onHop;
        private final Map<Integer, List<Slot>> hops = new HashMap<>();     // ttl -> its probes
        private final List<Slot> order = new ArrayList<>();                 // TTL-major send order
        private final Map<Integer, Slot> outstanding = new HashMap<>();     // key -> probe in flight
        private final List<Hop> printed = new ArrayList<>();
        private final List<Integer> held = new ArrayList<>();               // silent hops not yet judged
        private final List<String> notes = new ArrayList<>();
        private int nextKey, nextToSend, lastPrinted, stopTtl, highestAnswer, lastDitchAt = -1;
        private long nextSendAt, lastAnswerAt = net.now(), slowestRtt;

        Run(InetAddress target, Consumer<Hop> onHop) {
            this.target = target;
            this.onHop = onHop;
            this.lastPrinted = options.firstTtl() - 1;
            this.highestAnswer = lastPrinted;
            this.stopTtl = options.maxTtl();
        }

        Trace trace(String host) throws IOException {
            Stop stop = null;
            while (stop == null) {
                sendWhatTheWindowAllows();
                Reply reply = net.receive(nextEvent());
                if (reply == null) expireOverdue();
                // Take everything already queued before sending more: the destination's answer may be in there.
                for (; reply != null; reply = net.receive(net.now())) accept(reply);
                stop = printFinishedHops();
            }
            return new Trace(host, target, net.name(), net.packetSize(), options, printed, stop, notes, Map.of());
        }

        /** Fills the window: TTL by TTL, never past the stop TTL, never further ahead than {@link #lookahead()}. */
        private void sendWhatTheWindowAllows() throws IOException {
            while (true) {
                int ttl = options.firstTtl() + nextToSend / options.queries();
                if (ttl > stopTtl || ttl > highestAnswer + lookahead()) return;
                if (outstanding.size() >= options.window() || net.now() < nextSendAt) return;
                nextToSend++;
                sendNew(ttl);
            }
        }

        /** A new probe at {@code ttl}: filed under its hop, then sent. */
        private void sendNew(int ttl) throws IOException {
            Slot slot = new Slot(ttl);
            hops.computeIfAbsent(ttl, t -> new ArrayList<>()).add(slot);
            order.add(slot);
            send(slot);
        }

        private void send(Slot slot) throws IOException {
            slot.key = nextKey++ & 0xffff;
            slot.sent = net.send(slot.ttl, slot.key);
            outstanding.put(slot.key, slot);
            nextSendAt = slot.sent + options.sendWaitNanos();
        }

        /** When to stop waiting: the oldest probe's deadline, or the next send if the window has room. */
        private long nextEvent() {
            Slot head = head();
            long at = head == null ? Long.MAX_VALUE : head.sent + waitFor(head.ttl);
            int ttl = options.firstTtl() + nextToSend / options.queries();
            boolean room = ttl <= stopTtl && outstanding.size() < options.window();
            if (room && ttl <= highestAnswer + lookahead()) at = Math.min(at, nextSendAt);
            else if (room && ttl <= highestAnswer + options.gap()) at = Math.min(at, lastAnswerAt + stallWait());
            if (at == Long.MAX_VALUE) throw new IllegalStateException("scanner stalled at hop " + ttl + ": please report");
            return at;
        }

        /** Hops to probe past the farthest answer: a few while answers flow, the gap limit's worth once they stall. */
        private int lookahead() {
            return net.now() - lastAnswerAt >= stallWait() ? options.gap() : LOOKAHEAD;
        }

        private long stallWait() {
            long stall = slowestRtt == 0 ? 5 * STALL_FLOOR : Math.max(STALL_FLOOR, (long) (options.waitNear() * slowestRtt));
            return Math.min(stall, seconds(options.waitMax()));  // like every wait, never past -w MAX
        }

        /** The oldest probe still waiting for its answer. */
        private Slot head() {
            for (Slot s : order) if (s.sentOut() && !s.done()) return s;
            return null;
        }

        /**
         * -w MAX,HERE,NEAR: HERE x the RTT seen at this hop, else NEAR x the RTT of a later hop. Past every
         * answer, NEAR x the slowest RTT so far but at least FAR_WAIT_FLOOR — never MAX for each silent hop.
         */
        private long waitFor(int ttl) {
            long max = seconds(options.waitMax());
            long here = slowestAnswer(ttl);
            if (here > 0) return Math.min(max, (long) (options.waitHere() * here));
            for (int t = ttl + 1; t <= highestAnswer; t++) {
                long near = slowestAnswer(t);
                if (near > 0) return Math.min(max, (long) (options.waitNear() * near));
            }
            long slowest = 0;
            for (int t = options.firstTtl(); t < ttl; t++) slowest = Math.max(slowest, slowestAnswer(t));
            return Math.min(max, Math.max(FAR_WAIT_FLOOR, (long) (options.waitNear() * slowest)));
        }

        private long slowestAnswer(int ttl) {
            long worst = 0;
            for (Slot s : hops.getOrDefault(ttl, List.of())) if (s.reply != null) worst = Math.max(worst, s.rtt());
            return worst;
        }

        /** Takes a reply only if it answers a probe still in flight, and quotes our destination. */
        private void accept(Reply reply) {
            Slot slot = outstanding.get(reply.key());
            if (slot == null || !target.equals(reply.destination())) return;  // late, duplicate, or not ours
            outstanding.remove(reply.key());
            slot.reply = reply;
            highestAnswer = Math.max(highestAnswer, slot.ttl);
            lastAnswerAt = Math.max(lastAnswerAt, reply.received());
            slowestRtt = Math.max(slowestRtt, slot.rtt());
            if ((reply.isFinal() || reply.from().equals(target)) && slot.ttl < stopTtl) {
                stopTtl = slot.ttl;
                for (Slot s : outstanding.values()) if (s.ttl > stopTtl) s.expired = true;  // past the end: answers don't count
                outstanding.values().removeIf(s -> s.expired);
            }
        }

        /** Only the oldest probes are expired, in order, so hops finish in order. */
        private void expireOverdue() {
            long now = net.now();
            for (Slot head = head(); head != null && now >= head.sent + waitFor(head.ttl); head = head()) {
                head.expired = true;
                outstanding.remove(head.key);
            }
        }

        /** Hands out every hop that is complete and judged; returns why the trace stops, or null to go on. */
        private Stop printFinishedHops() throws IOException {
            while (lastPrinted < stopTtl) {
                int ttl = lastPrinted + held.size() + 1;
                if (ttl > stopTtl) break;
                List<Slot> hop = hops.get(ttl);
                if (hop == null || hop.size() < options.queries() || !hop.stream().allMatch(Slot::done)) return null;
                boolean silent = hop.stream().allMatch(s -> s.reply == null);
                if (silent && !routerAnsweredAbove(ttl)) {
                    held.add(ttl);  // a silent router, or the destination keeping quiet? Decided later.
                    if (held.size() < options.gap()) continue;
                    if (lastDitchAt != highestAnswer && lastDitch()) continue;  // something answered: judge again
                    return finish(Stop.GAP_LIMIT, held.get(held.size() - 1));
                }
                if (ttl == stopTtl && !held.isEmpty()) recheckSilentHopsBefore(ttl);
                if (lastPrinted + held.size() + 1 > stopTtl) break;  // the re-check found the end earlier
                emitHeldAndThen(lastPrinted + held.size() + 1);
            }
            if (lastPrinted < stopTtl && !held.isEmpty() && held.get(held.size() - 1) == stopTtl)
                return finish(Stop.MAX_TTL, stopTtl);
            if (lastPrinted < stopTtl) return null;
            Stop stop = stopReason();
            noteMissingFinalAnswers(stop);
            return finish(stop, stopTtl);
        }

        private boolean routerAnsweredAbove(int ttl) {
            for (Slot s : order)
                if (s.ttl > ttl && s.reply != null && !s.reply.from().equals(target)) return true;
            return false;
        }

        private void emitHeldAndThen(int ttl) {
            for (int t : held) emit(t);
            held.clear();
            emit(ttl);
        }

        private void emit(int ttl) {
            List<Probe> probes = new ArrayList<>();
            for (Slot s : hops.getOrDefault(ttl, List.of())) probes.add(new Probe(ttl, s.key, s.sent, s.reply));
            Hop hop = new Hop(ttl, probes);
            printed.add(hop);
            lastPrinted = ttl;
            onHop.accept(hop);
        }

        private Stop finish(Stop stop, int lastTtl) {
            for (int t : held) if (t <= lastTtl) emit(t);
            held.clear();
            return stop;
        }

        /** A last hop that answered some probes and not others: rate limiting, which a learner should not take for loss. */
        private void noteMissingFinalAnswers(Stop stop) {
            if (stop == Stop.MAX_TTL || !notes.isEmpty()) return;  // a re-probe note has explained it already
            List<Slot> last = hops.get(stopTtl);
            long answered = last.stream().filter(s -> s.reply != null).count();
            if (answered == 0 || answered == last.size()) return;
            notes.add(String.format("hop %d answered %d of %d probes: hosts rate-limit their ICMP errors (Linux: a"
                    + " small burst, then about one a second), so a * there is not a lost packet", stopTtl, answered, last.size()));
        }

        private Stop stopReason() {
            if (stopTtl == options.maxTtl() && hops.get(stopTtl).stream().noneMatch(s -> s.reply != null
                    && (s.reply.isFinal() || s.reply.from().equals(target)))) return Stop.MAX_TTL;
            boolean reached = hops.get(stopTtl).stream().anyMatch(s -> s.reply != null && s.reply.from().equals(target));
            return reached ? Stop.REACHED : Stop.UNREACHABLE;
        }

        /**
         * The destination answered at {@code ttl} after silent hops. Either those are silent routers, or the
         * destination was there already but rate-limiting its ICMP errors (a second traceroute in a row
         * shows this). Its reply's TTL tells how far away it is; if that is nearer, probe the silent hops
         * again, one round per rate-limit period, until the destination answers at its true distance.
         */
        private void recheckSilentHopsBefore(int ttl) throws IOException {
            int distance = replyDistance(ttl);
            if (distance < 0 || distance >= ttl) return;  // the silent hops really are silent routers
            List<Integer> candidates = new ArrayList<>(held);
            for (int round = 0; round < Math.max(2, options.queries()) && !candidates.isEmpty(); round++) {
                pauseUntil(lastAnswerFromTarget() + RATE_LIMIT_PERIOD);  // let its token bucket refill
                for (int t : candidates) sendNew(t);
                long roundEnd = net.now() + Math.min(RATE_LIMIT_PERIOD, seconds(options.waitMax()));
                for (Reply r; !outstanding.isEmpty() && (r = net.receive(roundEnd)) != null; ) accept(r);
                expireAll();
                candidates.removeIf(t -> t >= stopTtl || hops.get(t).stream().anyMatch(s -> s.reply != null));
            }
            held.removeIf(t -> t >= stopTtl);
            notes.add(stopTtl < ttl
                    ? String.format("the destination first answered at hop %d, but its reply TTL put it %d hops away:"
                            + " it was rate-limiting ICMP errors; probing again found it at hop %d", ttl, distance, stopTtl)
                    : String.format("the destination's reply TTL puts it %d hops away, not %d, but re-probing the silent"
                            + " hops found nothing: the return path may be longer than the way there", distance, ttl));
        }

        /**
         * Before giving up at the gap limit, one more probe to each silent hop, lowest first. By now a
         * rate-limiting host has earned a new token, and the lowest probe that reaches it gets the answer.
         */
        private boolean lastDitch() throws IOException {
            lastDitchAt = highestAnswer;
            int before = stopTtl;
            long end = net.now() + Math.min(seconds(options.waitMax()),
                    Math.max((long) (options.waitNear() * slowestRtt), RATE_LIMIT_PERIOD / 20));
            for (int t : held) sendNew(t);
            for (Reply r; !outstanding.isEmpty() && (r = net.receive(end)) != null; ) accept(r);
            expireAll();
            boolean answered = held.stream().anyMatch(t -> hops.get(t).stream().anyMatch(s -> s.reply != null));
            if (!answered) {
                notes.add(String.format("hops %d-%d: one more probe each, sent once a rate-limiting host would have"
                        + " answered again, got no answer either", held.get(0), held.get(held.size() - 1)));
                return false;
            }
            if (stopTtl < before) notes.add(String.format("hops %d-%d were silent; a last probe after the"
                    + " rate-limit period found the destination at hop %d: it was rate-limiting ICMP errors",
                    held.get(0), held.get(held.size() - 1), stopTtl));
            held.clear();  // judge these hops again with their new answers
            return true;
        }

        private long lastAnswerFromTarget() {
            long last = 0;
            for (Slot s : order) if (s.reply != null && s.reply.from().equals(target)) last = Math.max(last, s.reply.received());
            return last;
        }

        /** Waits without sending; replies that come in meanwhile are still taken. */
        private void pauseUntil(long time) throws IOException {
            while (net.now() < time) {
                Reply r = net.receive(time);
                if (r != null) accept(r);
            }
        }

        private void expireAll() {
            for (Slot s : outstanding.values()) s.expired = true;
            outstanding.clear();
        }

        /** Hops to the destination judged from its reply's TTL: initial TTL (64, 128 or 255) minus what arrived. */
        private int replyDistance(int ttl) {
            int best = -1;
            for (Slot s : hops.get(ttl))
                if (s.reply != null && s.reply.from().equals(target) && s.reply.ttl() > 0) {
                    int initial = s.reply.ttl() <= 64 ? 64 : s.reply.ttl() <= 128 ? 128 : 255;
                    best = Math.max(best, initial - s.reply.ttl() + 1);
                }
            return best;
        }
    }

    private static long seconds(double s) { return (long) (s * 1e9); }
}
