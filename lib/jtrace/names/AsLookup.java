package jtrace.names;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The origin AS of addresses, from Team Cymru's DNS service ({@link Cymru}): queried concurrently, cached per
 * announced prefix (the routers of one network cost one query), with one time budget for the whole run — once it
 * is spent, an address whose answer is not in yet shows without its AS. Never whois.
 */
public final class AsLookup implements AutoCloseable {
    /** What one DNS query may take; two tries. */
    static final int QUERY_TIMEOUT_MILLIS = 1000;

    private final Map<InetAddress, Future<Origin>> pending = new ConcurrentHashMap<>();
    private final List<Prefix> known = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jtrace-as");
        t.setDaemon(true);  // a query stuck on a dead server must not keep the JVM alive
        return t;
    });
    private final AtomicLong budgetNanos;
    private final Query query;

    /** How one address is asked about; tests give their own. */
    interface Query {
        List<String> txt(String name) throws Exception;
    }

    /** {@code budgetMillis}: how long all {@link #origin} calls together may wait. */
    public AsLookup(long budgetMillis) { this(budgetMillis, (InetAddress) null); }

    /** The same, asking {@code server} (null: the system's resolver). */
    public AsLookup(long budgetMillis, InetAddress server) {
        this(budgetMillis, name -> Dns.txt(name, QUERY_TIMEOUT_MILLIS, server));
    }

    /** The name Team Cymru's service answers for {@code a} (a lab's DNS server serves the same names). */
    public static String queryName(InetAddress a) { return Cymru.query(a); }

    AsLookup(long budgetMillis, Query query) {
        this.budgetNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(budgetMillis));
        this.query = query;
    }

    /** Starts finding {@code a}'s origin (no wait), unless a prefix already known holds it. */
    public void prefetch(InetAddress a) {
        if (cached(a) == null) pending.computeIfAbsent(a, x -> pool.submit(() -> lookup(x)));
    }

    /** {@code a}'s origin, or null when none came within what is left of the budget (or none is announced). */
    public Origin origin(InetAddress a) {
        Origin c = cached(a);
        if (c != null) return c;
        prefetch(a);
        Future<Origin> f = pending.get(a);
        if (f == null) return cached(a);
        long start = System.nanoTime();
        try {
            return f.get(Math.max(0, budgetNanos.get()), TimeUnit.NANOSECONDS);
        } catch (Exception timeoutOrFailure) {
            return null;
        } finally {
            budgetNanos.addAndGet(start - System.nanoTime());
        }
    }

    /** Every origin found so far for these addresses. */
    public Map<InetAddress, Origin> found(List<InetAddress> addresses) {
        Map<InetAddress, Origin> out = new HashMap<>();
        for (InetAddress a : addresses) {
            Origin o = cached(a);
            if (o != null) out.put(a, o);
        }
        return out;
    }

    /** How many DNS queries were sent: one per prefix when addresses come one after another. */
    public int queries() { return pending.size(); }

    private Origin lookup(InetAddress a) throws Exception {
        Origin c = cached(a);  // another query may have brought its prefix meanwhile
        if (c != null) return c;
        for (String txt : query.txt(Cymru.query(a))) {
            Origin o = Cymru.parse(txt);
            if (o == null) continue;
            Prefix p = Prefix.parse(o.prefix(), o);
            known.add(p != null && p.contains(a) ? p : Prefix.host(a, o));
            return o;
        }
        return null;
    }

    private Origin cached(InetAddress a) {
        for (Prefix p : known) if (p.contains(a)) return p.origin();
        return null;
    }

    /** An announced prefix and who announces it. */
    record Prefix(byte[] network, int length, Origin origin) {
        static Prefix parse(String cidr, Origin origin) {
            int slash = cidr.indexOf('/');
            if (slash < 0) return null;
            try {
                byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int length = Integer.parseInt(cidr.substring(slash + 1));
                return length >= 0 && length <= net.length * 8 ? new Prefix(net, length, origin) : null;
            } catch (Exception notAPrefix) {
                return null;
            }
        }

        static Prefix host(InetAddress a, Origin origin) { return new Prefix(a.getAddress(), a.getAddress().length * 8, origin); }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) return false;
            for (int bit = 0; bit < length; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
