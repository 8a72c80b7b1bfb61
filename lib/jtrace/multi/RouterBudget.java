package jtrace.multi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import jtrace.probe.ForwardingMethod;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;
import jtrace.ratelimit.IcmpBudget;

/**
 * Each router's ICMP budget for a multi-target run, metered by {@link IcmpBudget} (Linux's burst of 6, then one a
 * second): a probe that will expire at a known router takes one of its tokens first and waits when there is none
 * ({@link #metered}), and every answer from a router nobody expected takes one too, so many targets' traces at once
 * do not drain a router into false {@code *}s. Shared by the run's threads.
 */
final class RouterBudget {
    private final Pacer.Clock clock;
    private final IcmpBudget budget = new IcmpBudget();

    RouterBudget(Pacer.Clock clock) { this.clock = clock; }

    /** One answer {@code router} gave that no probe paid for beforehand. */
    synchronized void spend(InetAddress router) { budget.spend(router, clock.now()); }

    /**
     * {@code method} whose probes wait for a token of the router {@code expected} says they will expire at (null:
     * not known, they go at once), and whose replies from any other host take one of that host's tokens.
     */
    ProbeMethod metered(ProbeMethod method, IntFunction<InetAddress> expected) {
        return new ForwardingMethod(method) {
            private final Map<Integer, InetAddress> paid = new HashMap<>();  // key -> the router its probe paid

            @Override
            public long send(int ttl, int key) throws IOException {
                pay(ttl, key);
                return inner.send(ttl, key);
            }

            @Override
            public long send(int ttl, int flow, int key) throws IOException {
                pay(ttl, key);
                return inner.send(ttl, flow, key);
            }

            private void pay(int ttl, int key) throws IOException {
                InetAddress router = expected.apply(ttl);
                paid.remove(key);
                if (router == null) return;
                try {
                    take(router, 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stopped while waiting for a router's ICMP budget");
                }
                paid.put(key, router);
            }

            @Override
            public Reply receive(long deadline) throws IOException {
                Reply r = inner.receive(deadline);
                if (r != null && !r.from().equals(paid.remove(r.key()))) spend(r.from());
                return r;
            }
        };
    }

    /** Takes {@code n} of {@code router}'s answers (at most a burst), waiting until it has them; a null router costs nothing. */
    void take(InetAddress router, int n) throws InterruptedException {
        if (router == null) return;
        int wanted = Math.min(n, IcmpBudget.LINUX_BURST);
        while (true) {
            long wakeAt;
            synchronized (this) {
                long now = clock.now();
                int tokens = budget.tokens(router, now);
                if (tokens >= wanted) {
                    for (int i = 0; i < wanted; i++) budget.spend(router, now);
                    return;
                }
                wakeAt = budget.whenTokens(router, wanted, now);
            }
            clock.sleepUntil(wakeAt);
        }
    }
}
