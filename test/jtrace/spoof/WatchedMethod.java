package jtrace.spoof;

import java.io.IOException;
import java.util.function.Consumer;

import jtrace.probe.ForwardingMethod;
import jtrace.probe.LastSent;
import jtrace.probe.ProbeMethod;

/** A real probe method that tells an observer about every probe right after it left: TTL, key and bytes. */
final class WatchedMethod extends ForwardingMethod {
    record Sent(int ttl, int key, long at, byte[] bytes) {}

    private final Consumer<Sent> observer;

    WatchedMethod(ProbeMethod real, Consumer<Sent> observer) {
        super(real);
        this.observer = observer;
    }

    ProbeMethod real() { return inner; }

    @Override
    public long send(int ttl, int key) throws IOException {
        long at = inner.send(ttl, key);
        observer.accept(new Sent(ttl, key, at, inner instanceof LastSent l ? l.lastSent() : new byte[0]));
        return at;
    }
}
