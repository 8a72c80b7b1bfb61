package jtrace.render;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.names.Origin;
import jtrace.probe.Method;
import jtrace.result.HopKind;
import jtrace.result.HopStats;
import jtrace.result.Stop;

/** A watch at one moment as the renderers read it ({@code jtrace.watch.WatchReport} and its rows implement these). */
public interface WatchView {
    String host();

    InetAddress target();

    Method method();

    /** Rounds started, the one in progress included. */
    int rounds();

    List<? extends Row> rows();

    /** Why the latest round ended (null before the first). */
    Stop lastStop();

    Map<InetAddress, String> names();

    Map<InetAddress, Origin> origins();

    /** One hop with mtr's numbers. */
    interface Row {
        int ttl();

        HopStats stats();

        /** Who answered: the latest first. */
        List<InetAddress> addresses();

        /** The address that answered last, or null. */
        InetAddress address();

        /** traceroute's mark of the latest unreachable answer, or "". */
        String mark();

        HopKind kind();

        /** It lost probes that later hops did not. */
        boolean lossOnlyHere();
    }
}
