package jtrace.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jtrace.probe.ForwardingMethod;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * A probe method that counts, per TTL, the probes its delegate sent (returned from send without an exception),
 * and records every send and every reply handed to the scanner, with their times on the method's clock.
 */
final class CountingMethod extends ForwardingMethod {
    /** One probe as sent: its TTL, key and send time (method clock, ns). */
    record Sent(int ttl, int key, long at) {}

    private final Map<Integer, Integer> sent = new TreeMap<>();
    private final List<Sent> sends = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();

    CountingMethod(ProbeMethod delegate) { super(delegate); }

    /** TTL → probes sent with it. */
    synchronized Map<Integer, Integer> sent() { return new TreeMap<>(sent); }

    /** Every send, in order. */
    synchronized List<Sent> sends() { return List.copyOf(sends); }

    /** Every reply the scanner was given, in order. */
    synchronized List<Reply> replies() { return List.copyOf(replies); }

    synchronized int sentWithTtlAtLeast(int ttl) {
        return sent.entrySet().stream().filter(e -> e.getKey() >= ttl).mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public long send(int ttl, int key) throws IOException {
        long at = inner.send(ttl, key);
        synchronized (this) {
            sent.merge(ttl, 1, Integer::sum);
            sends.add(new Sent(ttl, key, at));
        }
        return at;
    }

    @Override
    public Reply receive(long deadline) throws IOException {
        Reply reply = inner.receive(deadline);
        if (reply != null) synchronized (this) {
            replies.add(reply);
        }
        return reply;
    }

}
