package jtrace.multi;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jtrace.Hop;
import jtrace.Trace;

/**
 * What a multi-target run knows so far, Doubletree-style (Donnet et al., 2005): the global stop set — every router
 * interface seen, at its TTL, with the trace that saw it — and the finished trace of each target prefix (/24, IPv6
 * /64). A target's trace starts near its end (at the hop where its prefix's, or else any, finished trace reached its
 * destination) and probes backwards only until it meets an interface already in the set: the hops below are known.
 *
 * <p>The first trace of a run, and the first of each prefix, go ahead alone: the others of the prefix wait for it,
 * so a hundred targets behind one path cost the shared routers one trace's probes, not a hundred.
 */
final class StopSet {
    /** A finished trace to start from: the prefix's own (a sibling), or any other that reached its destination. */
    record Reference(Trace trace, boolean sibling) {
        /** The hop at which the reference reached its destination. */
        int destinationHop() { return trace.last().ttl(); }
    }

    private record Seen(InetAddress address, int ttl) {}

    private final Map<Seen, Trace> interfaces = new HashMap<>();
    private final Map<Integer, Set<InetAddress>> routersAt = new HashMap<>();  // TTL -> routers (not destinations) met there
    private final Map<String, Trace> finishedPrefixes = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    private Trace anyReached;
    private boolean firstDone, firstClaimed;

    /**
     * Where {@code target}'s trace starts from; waits while the first trace of the run, or its prefix's first trace,
     * is still running. Null: trace it whole (the run's first trace, or nothing reached its destination yet).
     */
    synchronized Reference reference(InetAddress target) throws InterruptedException {
        String prefix = prefix(target);
        if (!firstClaimed) {
            firstClaimed = true;
            running.add(prefix);
            return null;
        }
        while (!firstDone || running.contains(prefix)) wait();
        Trace sibling = finishedPrefixes.get(prefix);
        if (sibling != null && sibling.reached() && sibling.last() != null) return new Reference(sibling, true);
        running.add(prefix);  // this one goes first for its prefix
        return anyReached == null ? null : new Reference(anyReached, false);
    }

    /** A target's trace is done (or failed: {@code trace} null): its interfaces join the set, waiting siblings go on. */
    synchronized void finished(InetAddress target, Trace trace) {
        String prefix = prefix(target);
        if (trace != null) {
            for (Hop hop : trace.hops())
                if (!trace.reusedFrom().containsKey(hop.ttl()))
                    for (InetAddress a : hop.addresses()) {
                        interfaces.putIfAbsent(new Seen(a, hop.ttl()), trace);
                        if (!a.equals(trace.target())) routersAt.computeIfAbsent(hop.ttl(), t -> new HashSet<>()).add(a);
                    }
            if (trace.reached() && trace.last() != null) {
                finishedPrefixes.putIfAbsent(prefix, trace);
                if (anyReached == null) anyReached = trace;
            }
        }
        running.remove(prefix);
        firstDone = true;
        notifyAll();
    }

    /** The trace that saw {@code address} at {@code ttl}, or null: where backward probing stops. */
    synchronized Trace owner(InetAddress address, int ttl) {
        return address == null ? null : interfaces.get(new Seen(address, ttl));
    }

    /** The one router finished traces met at {@code ttl}, or null if none or several (then which one a probe meets is not known). */
    synchronized InetAddress onlyRouterAt(int ttl) {
        Set<InetAddress> seen = routersAt.get(ttl);
        return seen != null && seen.size() == 1 ? seen.iterator().next() : null;
    }

    /** How many interfaces the set holds. */
    synchronized int size() { return interfaces.size(); }

    /** The /24 (IPv4) or /64 (IPv6) a target is in: targets in one are taken to share their path but the last hop. */
    static String prefix(InetAddress a) {
        byte[] b = a.getAddress();
        int keep = a instanceof Inet4Address ? 3 : 8;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < keep; i++) s.append(b[i] & 0xff).append('.');
        return s.append('/').append(keep * 8).toString();
    }
}
