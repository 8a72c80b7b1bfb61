package jtrace.multi;

import java.net.InetAddress;
import jtrace.multipath.IcmpBudget;

/**
 * Each router's ICMP budget for a multi-target run, metered by {@link IcmpBudget} (Linux's burst of 6, then one a
 * second): probes that will expire at a known router take its tokens first and wait when there are none, so many
 * targets' traces at once do not drain it into false {@code *}s. Shared by the run's threads.
 */
final class RouterBudget {
    private final Pacer.Clock clock;
    private final IcmpBudget budget = new IcmpBudget();

    RouterBudget(Pacer.Clock clock) { this.clock = clock; }

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
