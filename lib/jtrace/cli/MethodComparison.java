package jtrace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jtrace.Hop;
import jtrace.probe.Method;
import jtrace.Options;
import jtrace.Probe;
import jtrace.Trace;
import jtrace.packet.AddressText;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;

/**
 * {@code jtrace --methods udp,icmp,tcp HOST}: which protocol gets through. One trace per method, all at once: each
 * method has its own sockets and its own engine, and a reply is matched by what it quotes (UDP ports or checksum, ICMP
 * echo id, TCP ports and sequence), so no method can take another's answer. Each trace's output is printed whole, in
 * the order the methods were given, then one line per method: how far it got and why it stopped. The routers' ICMP
 * rate limits are shared; the scanner re-probes what they cost.
 */
final class MethodComparison {
    private MethodComparison() {}

    /** Opens every method first (sudo's root is dropped after that, as for one trace), then traces with all at once. */
    static List<Trace> run(String host, InetAddress target, Options o, List<Method> methods, PrintWriter out, Map<String, String> sudo)
            throws IOException {
        List<ProbeMethod> opened = new ArrayList<>();
        try {
            for (Method m : methods) opened.add(Methods.open(m, target, o.method(m).probeSettings()));
            jtrace.sys.Privileges.dropToSudoUser(sudo);
            return compare(host, target, o, methods, opened, out);
        } finally {
            for (ProbeMethod m : opened) m.close();
        }
    }

    /** Traces with each of {@code opened} (the methods {@code methods} named) on its own thread, then prints them in order. */
    static List<Trace> compare(String host, InetAddress target, Options o, List<Method> methods, List<ProbeMethod> opened, PrintWriter out)
            throws IOException {
        List<StringWriter> texts = new ArrayList<>();
        List<Future<Trace>> running = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(methods.size(), r -> {
            Thread t = new Thread(r, "jtrace-methods");
            t.setDaemon(true);  // a trace left running after an error must not keep the JVM alive
            return t;
        });
        try {
            for (int i = 0; i < methods.size(); i++) {
                StringWriter text = new StringWriter();
                texts.add(text);
                ProbeMethod method = opened.get(i);
                Options own = o.method(methods.get(i));
                running.add(threads.submit(() -> Main.traceAndPrint(host, target, method, own, Map.of(), new PrintWriter(text, true))));
            }
            List<Trace> traces = new ArrayList<>();
            for (int i = 0; i < methods.size(); i++) {
                traces.add(result(running.get(i), methods.get(i)));
                out.println("== " + methods.get(i));
                out.print(texts.get(i));
                out.println();
                out.flush();
            }
            out.println("which way gets through to " + host + ":");
            for (int i = 0; i < methods.size(); i++) out.println(String.format("  %-4s %s", methods.get(i), verdict(traces.get(i))));
            out.flush();
            return traces;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A method's trace, or what stopped it (an I/O error says which method). */
    private static Trace result(Future<Trace> trace, Method method) throws IOException {
        try {
            return trace.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while tracing with " + method, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(method + ": " + e.getCause(), e.getCause());
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
