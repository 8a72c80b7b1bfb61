package jtrace.watch;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jtrace.Hop;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.probe.Method;
import jtrace.result.HopKind;
import jtrace.result.HopStats;
import jtrace.result.Stop;

/**
 * Per-hop statistics of one route over many rounds: what {@code watch} shows. The prober reports each probe
 * it sends ({@link #sent}), each round's start ({@link #startRound}), each hop as the scanner finishes it ({@link #settle}) and each round's end
 * ({@link #endRound}); the screen takes {@link #snapshot}s. Safe to share between those two threads.
 */
public final class RouteWatch {
    /** What is known about one TTL. */
    private static final class HopState {
        HopStats stats = HopStats.NONE;
        final Map<InetAddress, Integer> answers = new LinkedHashMap<>();  // address -> answers, first seen first
        InetAddress latest;
        String mark = "";
        boolean settledOnce;  // a row from then on; before, only probes in flight of the first round
    }

    private final String host;
    private final InetAddress target;
    private final Method method;
    private final TreeMap<Integer, HopState> hops = new TreeMap<>();
    private int rounds;  // started, the one in progress included: the header, the status line and Snt agree
    private boolean inRound;
    private Stop lastStop;
    private long version;

    public RouteWatch(String host, InetAddress target, Method method) {
        this.host = host;
        this.target = target;
        this.method = method;
    }

    /** A round begins: it counts from now on, as its probes do in Snt. */
    public synchronized void startRound() {
        rounds++;
        inRound = true;
        version++;
    }

    /** A probe with this TTL is on its way. */
    public synchronized void sent(int ttl) {
        HopState h = hops.computeIfAbsent(ttl, t -> new HopState());
        h.stats = h.stats.send();
        version++;
    }

    /** The scanner finished this hop: each of its probes was answered or timed out. */
    public synchronized void settle(Hop hop) {
        HopState h = hops.computeIfAbsent(hop.ttl(), t -> new HopState());
        for (Probe p : hop.probes()) {
            if (!p.answered()) {
                h.stats = h.stats.lose();
                continue;
            }
            h.stats = h.stats.answer(Math.max(0, p.rtt()));  // CLOCK_REALTIME may step back between send and reply
            h.answers.merge(p.from(), 1, Integer::sum);
            h.latest = p.from();
            if (!p.reply().annotation().isEmpty()) h.mark = p.reply().annotation();
        }
        h.settledOnce = true;
        version++;
    }

    /** A round ended: probes it sent past the end of the route (they never became a hop) are uncounted. */
    public synchronized void endRound(Trace trace) {
        for (HopState h : hops.values()) while (h.stats.inFlight() > 0) h.stats = h.stats.withdraw();
        hops.values().removeIf(h -> !h.settledOnce);
        inRound = false;
        lastStop = trace.stop();
        version++;
    }

    /** Starts the counts again (mtr's 'r'); probes in flight stay in flight. */
    public synchronized void reset() {
        for (HopState h : hops.values()) {
            int inFlight = h.stats.inFlight();
            h.stats = HopStats.NONE;
            for (int i = 0; i < inFlight; i++) h.stats = h.stats.send();
            h.answers.clear();
            h.latest = null;
            h.mark = "";
        }
        rounds = inRound ? 1 : 0;  // the round in progress goes on, and its probes in flight stay counted
        version++;
    }

    /** Changes with every event: a screen redraws only when it moved. */
    public synchronized long version() { return version; }

    /** Rounds started so far (since the last reset), the one in progress included. */
    public synchronized int rounds() { return rounds; }

    /** The state now, as a value; {@code names} are the names known so far for the addresses. */
    public synchronized WatchReport snapshot(Map<InetAddress, String> names) {
        List<Map.Entry<Integer, HopState>> shown = hops.entrySet().stream().filter(e -> e.getValue().settledOnce).toList();
        List<WatchReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            HopState h = shown.get(i).getValue();
            boolean laterAnswered = false;
            double leastLaterLoss = Double.POSITIVE_INFINITY;
            for (Map.Entry<Integer, HopState> later : shown.subList(i + 1, shown.size())) {
                HopStats s = later.getValue().stats;
                if (s.received() == 0) continue;
                laterAnswered = true;
                leastLaterLoss = Math.min(leastLaterLoss, s.lossPercent());
            }
            HopKind kind = h.stats.received() > 0 ? HopKind.ANSWERS
                    : laterAnswered ? HopKind.SILENT_ROUTER : HopKind.NO_REPLY;
            boolean lossOnlyHere = kind == HopKind.ANSWERS && h.stats.lost() > 0
                    && leastLaterLoss < h.stats.lossPercent();
            List<InetAddress> addresses = new ArrayList<>(h.answers.keySet());
            if (h.latest != null) {  // the latest answer first, the others after in order of first answer
                addresses.remove(h.latest);
                addresses.add(0, h.latest);
            }
            rows.add(new WatchReport.Row(shown.get(i).getKey(), h.stats, addresses, h.mark, kind, lossOnlyHere));
        }
        return new WatchReport(host, target, method, rounds, rows, lastStop, names);
    }
}
