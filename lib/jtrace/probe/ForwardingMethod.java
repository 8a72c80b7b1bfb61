package jtrace.probe;

import java.io.IOException;

/**
 * A probe method wrapped to add one behaviour (counting, stopping, re-keying): everything it does not
 * override goes to the wrapped method unchanged.
 */
public abstract class ForwardingMethod implements ProbeMethod {
    protected final ProbeMethod inner;

    protected ForwardingMethod(ProbeMethod inner) { this.inner = inner; }

    @Override public Method kind() { return inner.kind(); }

    @Override public long send(int ttl, int key) throws IOException { return inner.send(ttl, key); }

    @Override public Reply receive(long deadline) throws IOException { return inner.receive(deadline); }

    @Override public long now() { return inner.now(); }

    @Override public int packetSize() { return inner.packetSize(); }

    @Override public int keys() { return inner.keys(); }

    @Override public java.net.InetAddress source() { return inner.source(); }

    /** Closes the wrapped method; a wrapper that only borrows it overrides this to do nothing. */
    @Override public void close() { inner.close(); }
}
