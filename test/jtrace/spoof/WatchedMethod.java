package jtrace.spoof;

import java.io.IOException;
import java.util.function.Consumer;

import jtrace.probe.LastSent;
import jtrace.probe.ProbeMethod;
import jtrace.probe.Reply;

/** A real probe method that tells an observer about every probe right after it left: TTL, key and bytes. */
final class WatchedMethod implements ProbeMethod {
    record Sent(int ttl, int key, long at, byte[] bytes) {}

    private final ProbeMethod real;
    private final Consumer<Sent> observer;

    WatchedMethod(ProbeMethod real, Consumer<Sent> observer) {
        this.real = real;
        this.observer = observer;
    }

    ProbeMethod real() { return real; }

    @Override public String name() { return real.name(); }

    @Override
    public long send(int ttl, int key) throws IOException {
        long at = real.send(ttl, key);
        observer.accept(new Sent(ttl, key, at, real instanceof LastSent l ? l.lastSent() : new byte[0]));
        return at;
    }

    @Override public Reply receive(long deadline) throws IOException { return real.receive(deadline); }

    @Override public long now() { return real.now(); }

    @Override public int packetSize() { return real.packetSize(); }

    @Override public void close() { real.close(); }
}
