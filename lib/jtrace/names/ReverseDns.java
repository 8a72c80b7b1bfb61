package jtrace.names;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse DNS with one time budget for the whole run: lookups run concurrently, and once the budget is
 * spent, names that are not in yet are printed as addresses. A broken resolver costs about a second, not
 * seconds per hop. Safe to share between the traces of a multi-target run.
 */
public final class ReverseDns implements AutoCloseable {
    private final Map<InetAddress, String> known;
    private final Map<InetAddress, Future<String>> pending = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jtrace-rdns");
        t.setDaemon(true);  // a resolver stuck in a syscall must not keep the JVM alive
        return t;
    });
    private final AtomicLong budgetNanos;
    private final InetAddress server;

    /** {@code budgetMillis}: how long all {@link #name} calls together may wait; {@code known}: names given already. */
    public ReverseDns(long budgetMillis, Map<InetAddress, String> known) { this(budgetMillis, known, null); }

    /** The same, asking {@code server} for PTR records instead of the system's resolver (null: the system's). */
    public ReverseDns(long budgetMillis, Map<InetAddress, String> known, InetAddress server) {
        this.budgetNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(budgetMillis));
        this.known = known;
        this.server = server;
    }

    /** Starts looking up {@code a} (no wait). */
    public void prefetch(InetAddress a) {
        if (!known.containsKey(a)) pending.computeIfAbsent(a, x -> pool.submit(() -> lookup(x)));
    }

    /** The name of {@code a}, or its address when no name came within what is left of the budget. */
    public String name(InetAddress a) {
        String k = known.get(a);
        if (k != null) return k;
        prefetch(a);
        long start = System.nanoTime();
        try {
            return pending.get(a).get(Math.max(0, budgetNanos.get()), TimeUnit.NANOSECONDS);
        } catch (Exception timeoutOrFailure) {
            return jtrace.packet.AddressText.of(a);
        } finally {
            budgetNanos.addAndGet(start - System.nanoTime());
        }
    }

    /** Everything resolved so far, for the finished trace value. */
    public Map<InetAddress, String> resolved() {
        Map<InetAddress, String> out = new java.util.HashMap<>(known);
        pending.forEach((a, f) -> {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    out.put(a, f.get());
                } catch (Exception ignored) {
                    // no name: the address stands for itself
                }
            }
        });
        return out;
    }

    /** The name a PTR record for {@code a} has: D.C.B.A.in-addr.arpa, or its nibbles reversed under ip6.arpa. */
    public static String queryName(InetAddress a) { return Dns.reverseName(a); }

    private String lookup(InetAddress a) throws Exception {
        if (server != null) {
            String name = Dns.ptr(a, AsLookup.QUERY_TIMEOUT_MILLIS, server);
            return name != null ? name : jtrace.packet.AddressText.of(a);
        }
        InetAddress plain = InetAddress.getByAddress(a.getAddress());
        String name = plain.getHostName();
        // No name: the JDK hands back the address in its own long IPv6 form; print it as traceroute does.
        return name.equals(plain.getHostAddress()) ? jtrace.packet.AddressText.of(a) : name;
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
