package jtrace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jtrace.Options;
import jtrace.Trace;
import jtrace.multi.MultiScanner;
import jtrace.names.Names;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.render.Format;

/**
 * {@code jtrace [options] HOST HOST… [--targets FILE]}: reads and resolves the targets, hands them to the
 * {@link MultiScanner}, and prints each as it finishes, whole. A host on the command line that cannot be traced
 * is a usage error before anything is sent; a bad line of a targets file is reported (with its line number) and
 * the others are traced, and the exit status says something was wrong (1).
 */
final class MultiTrace {
    private MultiTrace() {}

    static int run(List<String> hosts, String targetsFile, TraceOptions flags, Options o, boolean fixedSize, Format format,
                   double pps, PrintWriter out, PrintWriter err, Map<String, String> sudo) throws IOException {
        List<MultiScanner.Target> targets = new ArrayList<>();
        for (String host : hosts) targets.add(new MultiScanner.Target(host, TraceOptions.resolveTarget(host, flags.family())));  // a mistake costs nothing traced
        boolean bad = false;
        if (targetsFile != null) {
            List<String> lines = read(targetsFile);
            int given = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceFirst("#.*", "").strip();
                if (line.isEmpty()) continue;
                given++;
                try {
                    targets.add(new MultiScanner.Target(line, TraceOptions.resolveTarget(line, flags.family())));
                } catch (UsageException e) {
                    err.println("jtrace: " + where(targetsFile) + " line " + (i + 1) + ": " + e.getMessage() + "; skipped");
                    err.flush();
                    bad = true;
                }
            }
            if (given == 0) throw new UsageException(where(targetsFile) + " has no host in it: give one name or address a line");
        }
        if (targets.isEmpty()) return 1;  // every line was bad, and said so
        Map<java.net.InetAddress, ProbeMethod> opened = new HashMap<>();
        try (Names names = new Names(!o.numeric(), flags.asOrigins, Map.of())) {
            MultiScanner.Opener opener = target -> {
                ProbeMethod m = opened.remove(target);
                return m != null ? m : Methods.open(o.method(), target, options(o, fixedSize, target).probeSettings());
            };
            if (sudo.containsKey("SUDO_UID")) {
                // Every socket is opened as root before the whole JVM becomes the sudo user: then none could be.
                for (MultiScanner.Target t : targets)
                    if (!opened.containsKey(t.address())) opened.put(t.address(), Methods.open(o.method(), t.address(), options(o, fixedSize, t.address()).probeSettings()));
                jtrace.sys.Privileges.dropToSudoUser(sudo);
            }
            boolean[] failed = {bad};
            List<Trace> done = new ArrayList<>();
            out.print(format.start());
            out.flush();
            new MultiScanner(o, pps).scan(targets, opener, new MultiScanner.Listener() {
                @Override
                public void finished(Trace trace) {
                    Trace t = trace.annotated(names);
                    done.add(t);
                    out.print(format.each(t, true));
                    out.flush();
                }

                @Override
                public void failed(MultiScanner.Target target, Exception why) {
                    err.println("jtrace: " + target.host() + ": " + (why.getMessage() == null ? why.toString() : why.getMessage()));
                    err.flush();
                    failed[0] = true;
                }
            });
            out.print(format.end(done));
            out.flush();
            return failed[0] ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stopped");
        } finally {
            opened.values().forEach(ProbeMethod::close);
        }
    }

    /** The options for one target: traceroute's default packet length is the target family's (60, 80 for IPv6). */
    private static Options options(Options o, boolean fixedSize, java.net.InetAddress target) {
        return fixedSize ? o : o.packetSize(Methods.defaultPacketSize(target));
    }

    private static List<String> read(String file) {
        try {
            if (file.equals("-")) return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--targets: there is no file '" + file + "' (one name or address a line; - reads standard input)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("--targets: cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static String where(String file) { return file.equals("-") ? "--targets (standard input)" : "--targets " + file; }
}
