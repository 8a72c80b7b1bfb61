package jtrace.render;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.names.Origin;
import jtrace.probe.Method;
import jtrace.result.Finding;
import jtrace.result.Stop;

/**
 * A trace as the renderers read it: exactly the accessors they use. {@code jtrace.Trace} implements it with its own
 * accessors, so the values call the renderers (their {@code toString()}, {@code json()}…) while the renderers never
 * name the values: the dependency goes one way.
 */
public interface TraceView {
    String host();

    InetAddress target();

    Method method();

    int packetSize();

    Settings options();

    List<? extends HopView> hops();

    Stop stop();

    List<Finding> findings();

    Map<InetAddress, String> names();

    /** The address the probes left from, or null if unknown ({@link Settings#source()} then says -s's). */
    InetAddress source();

    Map<InetAddress, Origin> origins();

    Map<Integer, InetAddress> reusedFrom();

    /** Every address that answered, hop by hop, each once. */
    List<InetAddress> addresses();

    boolean reached();

    /** The last hop, or null for an empty trace. */
    HopView last();

    /** The hop with this TTL, or null. */
    HopView hop(int ttl);

    /** The options a trace ran with that its text and JSON show ({@code jtrace.Options} implements it). */
    interface Settings {
        int firstTtl();

        int maxTtl();

        int gap();

        /** --mtu: F=size marks where the path got narrower. */
        boolean mtu();

        /** Whether every probe took one flow (Paris), {@link #flow()}. */
        boolean paris();

        int flow();

        /** -s's address, or null. */
        InetAddress source();
    }
}
