package jtrace.watch;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import jtrace.probe.ForwardingMethod;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/**
 * A probe method that a person can stop: waits for replies in short slices and, once {@code stopped} says
 * so, throws {@link CancellationException} out of the scanner. Ctrl-C then ends a trace or a watch within
 * {@value #SLICE_MILLIS} ms, whatever the wait (-w) was. Closing stays with whoever opened the method.
 */
public final class StoppableMethod extends ForwardingMethod {
    static final long SLICE_MILLIS = 50;

    private final BooleanSupplier stopped;

    public StoppableMethod(ProbeMethod inner, BooleanSupplier stopped) {
        super(inner);
        this.stopped = stopped;
    }

    @Override
    public long send(int ttl, int key) throws IOException {
        checkStopped();
        return inner.send(ttl, key);
    }

    @Override
    public Reply receive(long deadline) throws IOException {
        while (true) {
            checkStopped();
            long until = Math.min(deadline, inner.now() + SLICE_MILLIS * 1_000_000);
            Reply reply = inner.receive(until);
            if (reply != null || until >= deadline) return reply;
        }
    }

    private void checkStopped() {
        if (stopped.getAsBoolean()) throw new CancellationException("stopped");
    }

    /** Leaves the method open: its owner closes it. */
    @Override
    public void close() {}
}
