package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jtrace.Hop;
import jtrace.probe.Method;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.packet.AddressText;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;

/**
 * {@code jtrace --methods udp,icmp,tcp HOST}: which protocol gets through. One trace per method, one after the
 * other (each method's probes and answers stay its own; the routers' ICMP rate limits are shared, and the scanner
 * re-probes what they cost), then one line per method: how far it got and why it stopped.
 */
final class MethodComparison {
    private MethodComparison() {}

    /** Opens every method first (sudo's root is dropped after that, as for one trace), then traces with each. */
    static List<Trace> run(String host, InetAddress target, Options o, List<Method> methods, PrintWriter out, Map<String, String> sudo)
            throws IOException {
        List<ProbeMethod> opened = new ArrayList<>();
        try {
            for (Method m : methods) opened.add(Methods.open(m, target, o.method(m).probeSettings()));
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            List<Trace> traces = new ArrayList<>();
            for (int i = 0; i < methods.size(); i++) {
                out.println("== " + methods.get(i));
                traces.add(Main.traceAndPrint(host, target, opened.get(i), o.method(methods.get(i)), Map.of(), out));
                out.println();
            }
            out.println("which way gets through to " + host + ":");
            for (int i = 0; i < methods.size(); i++) out.println(String.format("  %-4s %s", methods.get(i), verdict(traces.get(i))));
            out.flush();
            return traces;
        } finally {
            for (ProbeMethod m : opened) m.close();
        }
    }

    /** "reached 10.81.6.2 at hop 6 [closed]", or how far it got and the stop line. */
    static String verdict(Trace t) {
        if (t.reached()) {
            Hop last = t.last();
            String mark = last.probes().stream().filter(Probe::answered).map(p -> p.reply().annotation()).filter(a -> !a.isEmpty())
                    .findFirst().map(a -> " " + a).orElse("");
            return "reached " + AddressText.of(t.target()) + " at hop " + last.ttl() + mark;
        }
        Hop farthest = null;
        for (Hop h : t.hops()) if (!h.silent()) farthest = h;
        String got = farthest == null ? "no answer at all" : "last answer from " + AddressText.of(farthest.address()) + " at hop " + farthest.ttl();
        return got + (t.stopLine().isEmpty() ? "" : "; " + t.stopLine());
    }
}
