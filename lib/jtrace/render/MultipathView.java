package jtrace.render;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import jtrace.multipath.MdaPlanner;
import jtrace.multipath.StoppingRule;
import jtrace.probe.Method;

/** A multipath discovery as the renderers read it ({@code jtrace.Multipath} and its records implement these). */
public interface MultipathView {
    InetAddress target();

    Method method();

    StoppingRule rule();

    List<? extends Level> hops();

    List<? extends Link> links();

    int probes();

    long nanos();

    MdaPlanner.End end();

    /** The widest hop's interface count. */
    int width();

    /** One hop: every interface that answered there, and the probes it cost by why they were sent. */
    interface Level {
        int ttl();

        List<? extends Interface> interfaces();

        int sent();

        Map<MdaPlanner.Phase, Integer> phases();

        boolean silent();
    }

    /** One interface at one hop: its round trips in ms, and traceroute's mark ("!H"…) or "". */
    interface Interface {
        InetAddress address();

        List<Double> rtts();

        String mark();
    }

    /** A link from {@code from} at hop {@code ttl - 1} to {@code to} at hop {@code ttl}. */
    interface Link {
        int ttl();

        InetAddress from();

        InetAddress to();
    }
}
