package jtrace.it;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/** A probe method that counts, per TTL, the probes its delegate sent (returned from send without an exception). */
final class CountingMethod implements ProbeMethod {
    private final ProbeMethod delegate;
    private final Map<Integer, Integer> sent = new TreeMap<>();

    CountingMethod(ProbeMethod delegate) { this.delegate = delegate; }

    /** TTL → probes sent with it. */
    synchronized Map<Integer, Integer> sent() { return new TreeMap<>(sent); }

    synchronized int sentWithTtlAtLeast(int ttl) {
        return sent.entrySet().stream().filter(e -> e.getKey() >= ttl).mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public String name() { return delegate.name(); }

    @Override
    public long send(int ttl, int key) throws IOException {
        long at = delegate.send(ttl, key);
        synchronized (this) {
            sent.merge(ttl, 1, Integer::sum);
        }
        return at;
    }

    @Override
    public Reply receive(long deadline) throws IOException { return delegate.receive(deadline); }

    @Override
    public long now() { return delegate.now(); }

    @Override
    public int packetSize() { return delegate.packetSize(); }

    @Override
    public void close() { delegate.close(); }
}
