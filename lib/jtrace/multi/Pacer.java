package jtrace.multi;

import java.io.IOException;
import jtrace.probe.ForwardingMethod;
import jtrace.probe.ProbeMethod;

/**
 * One probe budget for a whole run (--pps): every send of every target's method takes the next free slot, slots
 * {@code 1/pps} apart, so many traces at once never send faster than the budget together.
 */
public final class Pacer {
    /** How the pacer tells time and waits; tests give a virtual clock. */
    public interface Clock {
        long now();

        void sleepUntil(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long now() { return System.nanoTime(); }

        @Override
        public void sleepUntil(long nanos) throws InterruptedException {
            for (long left; (left = nanos - System.nanoTime()) > 0; ) Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    };

    private final long gapNanos;
    private final Clock clock;
    private long nextSlot = Long.MIN_VALUE;

    public Pacer(double pps) { this(pps, SYSTEM); }

    public Pacer(double pps, Clock clock) {
        if (!(pps > 0) || Double.isInfinite(pps)) throw new IllegalArgumentException("probes per second (--pps) must be a positive number, got " + pps);
        this.gapNanos = (long) (1e9 / pps);
        this.clock = clock;
    }

    /** Waits for this caller's slot: the first is now, each next one {@code 1/pps} after the previous one. */
    public void await() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = clock.now();
            slot = nextSlot == Long.MIN_VALUE ? now : Math.max(now, nextSlot);
            nextSlot = slot + gapNanos;
        }
        clock.sleepUntil(slot);
    }

    /** {@code method} whose sends wait for their slot. */
    public ProbeMethod paced(ProbeMethod method) {
        return new ForwardingMethod(method) {
            @Override
            public long send(int ttl, int key) throws IOException {
                try {
                    await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stopped while waiting to send");
                }
                return inner.send(ttl, key);
            }
        };
    }
}
