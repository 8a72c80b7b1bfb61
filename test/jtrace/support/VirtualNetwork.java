package jtrace.support;

import java.util.Comparator;
import java.util.PriorityQueue;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * A fake network on a virtual clock, for unit tests of whatever drives a ProbeMethod: subclasses decide what
 * each probe provokes and {@link #deliver} it; waiting for a reply moves the clock instead of sleeping.
 */
public abstract class VirtualNetwork implements ProbeMethod {
    private record Pending(long at, Reply reply) {}

    private final PriorityQueue<Pending> air = new PriorityQueue<>(Comparator.comparingLong(Pending::at));
    protected long now;

    protected VirtualNetwork(long start) { now = start; }

    /** Puts a reply on the wire, to arrive at {@code at}. */
    protected void deliver(long at, Reply reply) { air.add(new Pending(at, reply)); }

    @Override public long now() { return now; }

    /** The next reply due by the deadline, with the clock moved to its arrival; else null, the clock at the deadline. */
    @Override
    public Reply receive(long deadline) {
        Pending next = air.peek();
        if (next != null && next.at() <= Math.max(deadline, now)) {
            air.poll();
            now = Math.max(now, next.at());
            return next.reply();
        }
        now = Math.max(now, deadline);
        return null;
    }

    @Override public void close() {}
}
