package jtrace.multipath;

import jtrace.ratelimit.IcmpBudget;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Multipath discovery as a plan, with no I/O and no clock of its own: told what came back, it says which probes
 * (TTL, flow) to send next. Hop by hop, MDA-Lite (Vermeulen et al., IMC 2018):
 * <ul>
 * <li>At each hop, probes on distinct flows until the {@link StoppingRule} is met for the interfaces seen
 * there: with k seen, {@code rule.probes(k)} answers rule out a k+1th with probability {@code rule.confidence()}
 * (per hop, as MDA's table and scamper's tracelb have it). Flows that answered at the hop before go first, so
 * every answer also shows a link.</li>
 * <li>Where a hop of several interfaces follows another of several (where a diamond may be meshed), it switches
 * to full MDA for that hop: each interface before must have {@code rule.probes(its own next hops)} answered
 * flows through it, found with fresh flows at the hop before when it has too few (node control).</li>
 * <li>Hop 1 takes one answer when this host sends every flow through the same first hop ({@link FirstHop}): the
 * one balancer we can read rather than sample.</li>
 * <li>An answer from the destination ends its hop at once (the destination ends every path, as scamper
 * has it); the trace ends when every interface of a hop is final, or after {@code gap} silent hops.</li>
 * <li>Routers meter their ICMP errors (a burst of 6, then one a second): a round never asks a hop's known
 * interfaces for more answers than their {@link IcmpBudget} holds — in all, saving time (the default), or the
 * emptiest alone, saving probes ({@link Saving}) — and waits for the refill instead. A flow that
 * went unanswered at a hop that answers others is a sample the rule has not got: unless a router we drained
 * ourselves explains it, the hop pauses and sends that same flow again one refill period later before it may
 * conclude — a branch whose router someone else drained shows up then instead of being missed. A hop where
 * nothing answered is tried once more after one refill period before it is called silent.</li>
 * </ul>
 */
public final class MdaPlanner {
    /**
     * One probe to send: this TTL, this flow — a sample of the hop, planned before the engine numbers it. A flow sent
     * again after a refill is the same sample; the engine's {@link jtrace.engine.ProbeId} (with the destination and
     * the sequence it picks) names each transmission of it.
     */
    public record Probe(int ttl, int flow) {}

    /** What came back for a probe. {@code last}: an answer that ends its path (destination, unreachable). */
    public record Answer(InetAddress from, long rtt, boolean last, String mark) {}

    /** Why the plan ended. */
    public enum End { REACHED, UNREACHABLE, GAP_LIMIT, MAX_TTL }

    /**
     * What a hop saves when the routers there have spent their burst (6 answers, then one a second) and the rule
     * still needs answers. A new flow's router is unknown until it answers: sent while one router there is
     * empty, it is lost with that router's share of the flows.
     */
    public enum Saving {
        /** Time: rounds as large as the hop's routers have answers in all; a flow lost to an empty one is replaced by another. */
        TIME,
        /**
         * Probes: never more flows in a round than the emptiest router there could answer alone, so none is lost to
         * our own overdraft; when one is empty, wait for its refill (about a second each time on Linux).
         */
        PROBES
    }

    /** Why a probe was sent: where a scan's probes go. */
    public enum Phase {
        /** A hop's first probe (one flow: the destination may answer it alone). */
        FIRST,
        /** Towards the stopping rule at this hop (MDA-Lite, hop by hop). */
        RULE,
        /** Full MDA: flows through one interface of the hop before (node control), at either hop. */
        NODE_CONTROL,
        /** The same flow again after a refill: it went unanswered at a hop that answers. */
        RETRY,
        /** A silent hop's last try after a refill. */
        RECHECK
    }

    private final StoppingRule rule;
    private final IcmpBudget budget;
    private final InetAddress destination;
    private final int maxTtl, gap, probeCap;
    private final boolean firstHopShared;
    private final Saving saving;
    private final TreeMap<Integer, Map<Integer, Answer>> answers = new TreeMap<>();  // ttl -> flow -> answer
    private final TreeMap<Integer, Set<Integer>> sent = new TreeMap<>();              // ttl -> flows sent
    private final Set<Probe> inFlight = new HashSet<>();
    private final Map<Probe, Long> lost = new LinkedHashMap<>();  // unanswered at the current hop -> when to send again
    private final Set<Probe> retried = new HashSet<>();
    private final Map<Integer, Map<Phase, Integer>> spent = new TreeMap<>();  // ttl -> phase -> probes
    private int hop, nextFlow, silentRun;
    private int flowSpace = Integer.MAX_VALUE;  // distinct flows the method has: no fresh flow past them
    private int roundFlows;  // nextFlow when the round being planned began: flows from here on are fresh
    private int recheck;  // a silent hop: 0 not yet, 1 waiting for the refill, 2 re-probed
    private Phase phase = Phase.FIRST;  // of the round being planned
    private boolean paused;  // the current hop has waited for a refill once
    private boolean drained;  // ... and a flow sent again then was answered: its routers were drained, our counts are off
    private int roundAnswered;  // answers to the round in flight at the current hop
    private long waitUntil = Long.MIN_VALUE;
    private End end;

    /**
     * @param probeCap       most probes one hop may take (a router that answers some probes and never others cannot
     *                       make the plan loop)
     * @param firstHopShared every flow leaves this host through the same first hop ({@link FirstHop}): hop 1 needs
     *                       one answer
     */
    public MdaPlanner(InetAddress destination, StoppingRule rule, IcmpBudget budget, int firstTtl, int maxTtl, int gap, int probeCap,
                      boolean firstHopShared) {
        this(destination, rule, budget, firstTtl, maxTtl, gap, probeCap, firstHopShared, Saving.TIME);
    }

    /** @param saving what a hop saves once a router there has spent its burst: time or probes */
    public MdaPlanner(InetAddress destination, StoppingRule rule, IcmpBudget budget, int firstTtl, int maxTtl, int gap, int probeCap,
                      boolean firstHopShared, Saving saving) {
        this.destination = destination;
        this.saving = saving;
        this.rule = rule;
        this.budget = budget;
        this.firstHopShared = firstHopShared;
        this.hop = firstTtl;
        this.maxTtl = maxTtl;
        this.gap = gap;
        this.probeCap = probeCap;
    }

    public StoppingRule rule() { return rule; }

    /** The hop being explored. */
    public int hop() { return hop; }

    public boolean done() { return end != null && inFlight.isEmpty(); }

    /** Why it ended, or null while it runs. */
    public End end() { return end; }

    /** When to ask {@link #next} again if nothing comes back (a refill), or {@link Long#MIN_VALUE} for no timer. */
    public long wakeAt() { return waitUntil; }

    /**
     * The method has only flows 0..{@code distinct}-1 (UDP: the ports above -p). A hop that needs a fresh flow past
     * them ends with what it found: two probes on one flow would be one sample counted twice.
     */
    public MdaPlanner flows(int distinct) {
        flowSpace = distinct;
        return this;
    }

    /** Probes to send now: a whole round, or nothing while a round is out, a refill is awaited, or at the end. */
    public List<Probe> next(long now) {
        while (end == null && inFlight.isEmpty() && now >= waitUntil) {
            List<Probe> round = plan(now);
            if (round == null || (round.isEmpty() && now >= waitUntil)) {  // done, or no flow left to try here
                finishHop();
                continue;
            }
            if (round.isEmpty()) return List.of();  // waiting for a refill: waitUntil is set
            roundAnswered = 0;
            for (Probe p : round) {
                inFlight.add(p);
                sent.computeIfAbsent(p.ttl(), t -> new LinkedHashSet<>()).add(p.flow());
                spent.computeIfAbsent(p.ttl(), t -> new java.util.EnumMap<>(Phase.class)).merge(phase, 1, Integer::sum);
            }
            return round;
        }
        return List.of();
    }

    /** {@code probe} was answered at {@code now}. */
    public void answered(Probe probe, Answer answer, long now) {
        if (!inFlight.remove(probe)) return;
        if (probe.ttl() == hop) roundAnswered++;
        answers.computeIfAbsent(probe.ttl(), t -> new LinkedHashMap<>()).put(probe.flow(), answer);
        // A flow sent again after a refill found a router someone else drained: it spent the one answer it had.
        if (retried.contains(probe) || (drained && probe.ttl() == hop)) {
            // (and once a hop's routers proved drained, each answer is taken as their last until the next refill)
            budget.empty(answer.from(), now);
            if (probe.ttl() == hop) drained = true;
        } else {
            budget.spend(answer.from(), now);
        }
    }

    /**
     * {@code probe} got no answer in time ({@code now}). At a hop that answers, that flow is sent once more after a
     * refill period — unless a router there that we drained ourselves explains the silence.
     */
    public void expired(Probe probe, long now) {
        if (!inFlight.remove(probe) || probe.ttl() != hop || retried.contains(probe)) return;
        Set<InetAddress> here = interfaces(hop);
        if (here.isEmpty()) return;  // a silent hop: the recheck's business
        if (drained) {  // our counts are off: rounds at the refill pace
            for (InetAddress a : here) budget.empty(a, now);
            return;
        }
        if (here.stream().anyMatch(a -> budget.tokens(a, now) == 0)) return;  // our own overdraft: the rule just takes another flow
        if (!paused) {
            lost.put(probe, now + budget.period());
            return;
        }
        // After the hop's one refill a flow may still go unanswered. None of the flows sent again was answered (else
        // the hop would be known drained, above): the silent flows lead to a branch that never answers, and the rule
        // takes other flows. But a whole round unanswered means drained routers whatever we counted.
        if (inFlight.isEmpty() && roundAnswered == 0) for (InetAddress a : here) budget.empty(a, now);
    }

    /** Probes sent by TTL, then by why they were sent. */
    public Map<Integer, Map<Phase, Integer>> spent() { return spent; }

    /** Answers by TTL, then flow, in the order they came. */
    public Map<Integer, Map<Integer, Answer>> answers() { return answers; }

    /** Flows sent by TTL. */
    public Map<Integer, Set<Integer>> sent() { return sent; }

    /** True when {@code ttl} has one interface, and enough answers (or this host's routing) to say it has no other. */
    public boolean single(int ttl) {
        Set<InetAddress> all = interfaces(ttl);
        if (all.size() != 1) return false;
        if (all.contains(destination)) return true;  // the destination ends every path
        return (ttl == 1 && firstHopShared) || answers.getOrDefault(ttl, Map.of()).size() >= rule.probes(1);
    }

    /** The interfaces that answered at {@code ttl}, in the order first seen. */
    public Set<InetAddress> interfaces(int ttl) {
        Set<InetAddress> all = new LinkedHashSet<>();
        answers.getOrDefault(ttl, Map.of()).values().forEach(a -> all.add(a.from()));
        return all;
    }

    /** The next round for the current hop: empty while a refill is awaited (waitUntil set) or when no flow is left; null when the hop is finished. */
    private List<Probe> plan(long now) {
        roundFlows = nextFlow;
        Map<Integer, Answer> here = answers.getOrDefault(hop, Map.of());
        int tried = sent.getOrDefault(hop, Set.of()).size();
        if (here.values().stream().anyMatch(a -> a.last() && a.from().equals(destination))) return null;
        if (tried >= probeCap) return null;
        List<Probe> due = lost.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            // The refill came: every router there has an answer again, so the same flows now show where they go.
            due.forEach(lost::remove);
            retried.addAll(due);
            paused = true;
            phase = Phase.RETRY;
            return due;
        }
        if (!lost.isEmpty()) {
            // Some router here went quiet on us: more flows now would go just as unanswered. Wait for its refill.
            waitUntil = lost.values().stream().min(Long::compare).orElseThrow();
            return List.of();
        }
        if (here.isEmpty()) {
            // One probe first: if the destination answers it, the hop is done at that price.
            phase = tried == 0 ? Phase.FIRST : Phase.RULE;
            if (tried < rule.probes(1)) return candidates(tried == 0 ? 1 : rule.probes(1) - tried);
            // Nothing answered: silent, or a router whose bucket someone else emptied. One more try after a refill.
            switch (recheck) {
                case 0 -> {
                    recheck = 1;
                    waitUntil = now + budget.period();
                    return List.of();
                }
                case 1 -> {
                    recheck = 2;
                    phase = Phase.RECHECK;
                    List<Probe> last = candidates(1);
                    retried.addAll(last);  // if it is answered, by a router that had been drained
                    return last;
                }
                default -> { return null; }
            }
        }
        if (hop == 1 && firstHopShared) return null;  // every flow meets the same first hop: one answer is all of it
        Set<InetAddress> seen = interfaces(hop);
        // Full MDA where several interfaces follow several: each one before needs enough flows of its own.
        Set<InetAddress> before = interfaces(hop - 1);
        if (before.size() > 1 && seen.size() > 1) {
            for (InetAddress u : before) {
                List<Integer> through = flowsThrough(hop - 1, u);
                Set<InetAddress> next = new LinkedHashSet<>();
                int answered = 0;
                for (int f : through) {
                    Answer a = here.get(f);
                    if (a != null) { next.add(a.from()); answered++; }
                }
                int need = rule.probes(next.size()) - answered;
                if (need <= 0) continue;
                phase = Phase.NODE_CONTROL;
                List<Integer> unprobed = through.stream().filter(f -> !sent.getOrDefault(hop, Set.of()).contains(f)).toList();
                if (!unprobed.isEmpty()) return limit(now, seen, unprobed.stream().limit(need).map(f -> new Probe(hop, f)).toList());
                // Too few flows known through u: fresh ones at the hop before, some of which will land on u.
                if (sent.getOrDefault(hop - 1, Set.of()).size() < probeCap) {
                    List<Probe> fresh = newFlows(hop - 1, need);
                    if (!fresh.isEmpty()) return limit(now, before, fresh);  // empty: no flow left, the rule decides
                }
            }
        }
        int need = rule.probes(seen.size()) - here.size();
        if (need <= 0) return null;
        phase = Phase.RULE;
        return limit(now, seen, candidates(need));
    }

    /** Up to {@code count} probes at the current hop: flows seen at the hop before first, then new flows. */
    private List<Probe> candidates(int count) {
        List<Probe> round = new ArrayList<>();
        Set<Integer> done = sent.getOrDefault(hop, Set.of());
        Map<Integer, Answer> before = answers.getOrDefault(hop - 1, Map.of());
        for (Map.Entry<Integer, Answer> e : before.entrySet()) {
            if (round.size() == count) break;
            if (!e.getValue().last() && !done.contains(e.getKey())) round.add(new Probe(hop, e.getKey()));
        }
        for (int f : sent.getOrDefault(hop - 1, Set.of())) {  // flows that went unanswered before still lead on
            if (round.size() == count) break;
            if (!before.containsKey(f) && !done.contains(f)) round.add(new Probe(hop, f));
        }
        round.addAll(newFlows(hop, count - round.size()));
        return round;
    }

    private List<Probe> newFlows(int ttl, int count) {
        List<Probe> round = new ArrayList<>();
        for (int i = 0; i < count && nextFlow < flowSpace; i++) round.add(new Probe(ttl, nextFlow++));
        return round;
    }

    /**
     * Trims a round to what the routers that will answer it have left; none left: wait for a refill. An interface
     * not seen yet has a full bucket, so a round never shrinks below one. Saving time, a round may take all the
     * answers left in the hop's buckets together (a flow that lands on an empty one is lost, another replaces it);
     * saving probes, no more than the emptiest bucket holds, whatever the flows' routers turn out to be.
     */
    private List<Probe> limit(long now, Set<InetAddress> answering, List<Probe> round) {
        if (round.isEmpty()) return round;
        int tokens = saving == Saving.PROBES ? Integer.MAX_VALUE : 0;
        long refill = saving == Saving.PROBES ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (InetAddress a : answering) {
            int t = budget.tokens(a, now);
            long next = budget.nextToken(a, now);
            if (saving == Saving.PROBES) {
                tokens = Math.min(tokens, t);
                refill = Math.max(refill, next);  // every one of them has an answer again
            } else {
                tokens += t;
                refill = Math.min(refill, next);
            }
        }
        if (round.size() <= tokens) return round;
        // Dropped flows were never sent; the fresh ones among them (the round's tail) are handed back, so flows go out
        // in the same order however the rounds are cut.
        for (Probe p : round.subList(tokens, round.size())) if (p.flow() >= roundFlows) nextFlow = Math.min(nextFlow, p.flow());
        if (tokens == 0) waitUntil = refill;
        return List.copyOf(round.subList(0, tokens));
    }

    /** Flows whose probe at {@code ttl} was answered by {@code from}. */
    private List<Integer> flowsThrough(int ttl, InetAddress from) {
        List<Integer> flows = new ArrayList<>();
        answers.getOrDefault(ttl, Map.of()).forEach((f, a) -> { if (a.from().equals(from)) flows.add(f); });
        return flows;
    }

    private void finishHop() {
        Map<Integer, Answer> here = answers.getOrDefault(hop, Map.of());
        if (here.isEmpty()) {
            silentRun++;
            if (silentRun >= gap) end = End.GAP_LIMIT;
        } else {
            silentRun = 0;
            boolean allLast = here.values().stream().allMatch(Answer::last);
            boolean reached = here.values().stream().anyMatch(a -> a.last() && a.from().equals(destination));
            if (reached) end = End.REACHED;
            else if (allLast) end = End.UNREACHABLE;
        }
        if (end == null && hop >= maxTtl) end = End.MAX_TTL;
        if (end == null) {
            hop++;
            recheck = 0;
            paused = drained = false;
        }
        lost.clear();
    }
}
