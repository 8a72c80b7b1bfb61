package jtrace.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The everyday command line, {@code jtrace [-n] [-I] [-q 1] … HOST [PACKETLEN]}, read without picocli: loading
 * picocli (class files of Java 5, which class-data sharing cannot archive) and building its model costs a plain
 * trace more start-up than the trace itself. Only options written as separate words are read here; anything
 * else — a command, help, {@code --}, {@code @file}, {@code -nI}, {@code --queries=1}, a value that is no plain
 * number, an option given twice, a mistake — is left to picocli, which stays the one authority on the syntax
 * (PlainTraceTest checks both read every option alike).
 */
final class PlainTrace {
    private PlainTrace() {}

    /** A command line read: what {@link Main#trace} needs, and whether to show stack traces. */
    record Line(TraceOptions options, String host, String packetLength, boolean debug) {
        /** Traces as {@code jtrace HOST} does through picocli: same output, same errors, same exit status. */
        int run(PrintWriter out, PrintWriter err, Map<String, String> sudo) {
            try {
                jtrace.sys.Platform.requireSupported();  // as Main's execution strategy does for every other command
                Main.trace(host, options, packetLength, out, sudo);
                return 0;
            } catch (Exception e) {
                return Errors.report(e, debug, err);
            } catch (LinkageError e) {
                return Errors.report(e, debug, err);
            }
        }
    }

    /** Words that are commands (jtrace's or the REPL's) when they come where HOST would. */
    private static final Set<String> COMMANDS = Set.of("trace", "probe", "watch", "lab", "repl", "notebook",
            "set", "show", "last", "help", "exit", "quit");

    /** The options whose value is an int. */
    private static final Set<String> NUMBERS = Set.of("first", "max-hops", "queries", "sim-queries", "port", "--gap");

    /** The command line as a plain trace, or null when picocli should read it. */
    static Line parse(String[] args) {
        TraceOptions o = new TraceOptions();
        Set<String> given = new HashSet<>();
        String host = null, packetLength = null;
        boolean debug = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) return null;  // picocli reads argument files
            if (!a.startsWith("-") || a.length() == 1) {
                if (host == null) host = a;
                else if (packetLength == null) packetLength = a;
                else return null;
                continue;
            }
            boolean flag = switch (a) {
                case "-I", "--icmp", "-U", "--udp", "--raw", "-n", "-4", "-6", "--debug", "-T", "--tcp", "-e", "--extensions", "--mtu" -> true;
                default -> false;
            };
            String key = switch (a) {
                case "-I", "--icmp" -> "icmp";
                case "-U", "--udp" -> "udp";
                case "-T", "--tcp" -> "tcp";
                case "-e", "--extensions" -> "extensions";
                case "-f", "--first" -> "first";
                case "-m", "--max-hops" -> "max-hops";
                case "-q", "--queries" -> "queries";
                case "-w", "--wait" -> "wait";
                case "-N", "--sim-queries" -> "sim-queries";
                case "-p", "--port" -> "port";
                case "-z", "--sendwait" -> "sendwait";
                case "-s", "--source" -> "source";
                case "-i", "--interface" -> "interface";
                default -> a;
            };
            if (!given.add(key)) return null;
            String value = null;
            if (!flag) {
                if (i + 1 >= args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) return null;
                value = args[++i];
                // picocli reads numbers with Integer.valueOf / Double.valueOf: only plain decimals are read alike
                if (NUMBERS.contains(key) && !value.matches("[0-9]{1,9}")) return null;
                if (key.equals("sendwait") && !value.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) return null;
            }
            switch (key) {
                case "icmp" -> o.icmp = true;
                case "udp" -> o.udp = true;
                case "tcp" -> o.tcp = true;
                case "extensions" -> o.extensions = true;
                case "--mtu" -> o.mtu = true;
                case "--raw" -> o.raw = true;
                case "-n" -> o.numeric = true;
                case "-4" -> o.ipv4 = true;
                case "-6" -> o.ipv6 = true;
                case "--debug" -> debug = true;
                case "first" -> o.firstTtl = Integer.valueOf(value);
                case "max-hops" -> o.maxTtl = Integer.valueOf(value);
                case "queries" -> o.queries = Integer.valueOf(value);
                case "sim-queries" -> o.window = Integer.valueOf(value);
                case "port" -> o.port = Integer.valueOf(value);
                case "--gap" -> o.gap = Integer.valueOf(value);
                case "sendwait" -> o.sendWait = Double.valueOf(value);
                case "wait" -> o.wait = value;
                case "source" -> o.source = value;
                case "interface" -> o.device = value;
                default -> { return null; }  // -h, --version, anything unknown
            }
        }
        if (host == null || COMMANDS.contains(host)) return null;
        if (packetLength != null && !packetLength.matches("[0-9]{1,9}")) return null;
        return new Line(o, host, packetLength, debug);
    }

}
