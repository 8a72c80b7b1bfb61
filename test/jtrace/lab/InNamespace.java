package jtrace.lab;

import java.util.concurrent.Callable;

/** For tests that act from inside a lab namespace other than the client (a router, the destination). */
public final class InNamespace {
    private InNamespace() {}

    /** Runs {@code body} on a fresh thread inside {@code namespace} (setns); sockets it opens stay there. Needs root. */
    public static <T> T call(String namespace, Callable<T> body) throws Exception {
        if (!namespace.startsWith(Topology.PREFIX)) throw new IllegalArgumentException("not a lab namespace: " + namespace);
        return Namespaces.call(namespace, body);
    }
}
