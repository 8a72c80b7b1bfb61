package jtrace.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jtrace.Options;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The session defaults {@code set} changes and {@code show} lists. Each has a name to type and is one of
 * trace's own options underneath: {@code set queries 1} is parsed as {@code -q 1} by {@link TraceOptions},
 * so it is checked exactly as on the command line.
 */
final class ReplSettings {
    private ReplSettings() {}

    enum Setting {
        METHOD("-U|-I|--raw", "how probes go: udp (any user), icmp (ping socket or raw), raw (root)",
                o -> o.method().toString(), o -> o.method(Options.defaults().method())),
        NUMERIC("-n", "addresses only, no reverse DNS: on or off", o -> o.numeric() ? "on" : "off", o -> o.numeric(false)),
        FIRST("-f", "first hop to probe", o -> String.valueOf(o.firstTtl()), o -> o.firstTtl(Options.defaults().firstTtl())),
        MAX("-m", "last hop to probe", o -> String.valueOf(o.maxTtl()), o -> o.maxTtl(Options.defaults().maxTtl())),
        QUERIES("-q", "probes per hop (watch: per hop and round, 1 unless -q)", o -> String.valueOf(o.queries()),
                o -> o.queries(Options.defaults().queries())),
        WAIT("-w", "wait MAX[,HERE,NEAR] seconds", o -> seconds(o.waitMax()) + "," + seconds(o.waitHere()) + ","
                + seconds(o.waitNear()), o -> o.wait(Options.defaults().waitMax(), Options.defaults().waitHere(),
                Options.defaults().waitNear())),
        WINDOW("-N", "probes in flight at once", o -> String.valueOf(o.window()), o -> o.window(Options.defaults().window())),
        PORT("-p", "UDP: first port; ICMP: first sequence", o -> o.port() == 0 ? "default" : String.valueOf(o.port()),
                o -> o.port(0)),
        SENDWAIT("-z", "pause between probes: s, or ms from 10 on", o -> seconds(o.sendWait()),
                o -> o.sendWait(Options.defaults().sendWait())),
        SOURCE("-s", "send from this address", o -> o.source() == null ? "none" : jtrace.packet.AddressText.of(o.source()),
                o -> o.source(null)),
        INTERFACE("-i", "send through this interface", o -> o.device() == null ? "none" : o.device(), o -> o.device(null)),
        GAP("--gap", "stop after this many silent hops", o -> String.valueOf(o.gap()), o -> o.gap(Options.defaults().gap())),
        PACKETLEN("PACKETLEN", "bytes per probe, IP header included", o -> String.valueOf(o.packetSize()),
                o -> o.packetSize(Options.defaults().packetSize())),
        INTERVAL("--interval", "seconds between watch rounds", o -> "", o -> o);

        final String flag;
        final String help;
        private final Function<Options, String> value;
        private final UnaryOperator<Options> reset;

        Setting(String flag, String help, Function<Options, String> value, UnaryOperator<Options> reset) {
            this.flag = flag;
            this.help = help;
            this.value = value;
            this.reset = reset;
        }

        String label() { return name().toLowerCase(Locale.ROOT); }

        String value(ReplSession s) { return this == INTERVAL ? seconds(s.interval) : value.apply(s.defaults); }

        boolean isDefault(ReplSession s) {
            return this == INTERVAL ? s.interval == 1.0 : value.apply(s.defaults).equals(value.apply(Options.defaults()));
        }
    }

    /** For completion: the setting names. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return names().iterator(); }
    }

    static List<String> names() { return Arrays.stream(Setting.values()).map(Setting::label).toList(); }

    /** The values that make sense for a setting, for completion (empty: anything). */
    static List<String> values(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "method" -> List.of("udp", "icmp", "raw", "tcp");
            case "numeric" -> List.of("on", "off");
            default -> List.of("default");
        };
    }

    static Setting find(String name) {
        for (Setting s : Setting.values()) if (s.label().equalsIgnoreCase(name)) return s;
        throw new UsageException("no setting '" + name + "': choose one of " + String.join(", ", names()));
    }

    /** {@code set NAME VALUE}: the session with that default changed; VALUE "default" restores traceroute's. */
    static void set(ReplSession session, String name, String value) {
        Setting s = find(name);
        if (value.equalsIgnoreCase("default") || value.equalsIgnoreCase("none")
                || s == Setting.NUMERIC && value.equalsIgnoreCase("off")) {
            if (s == Setting.INTERVAL) session.interval = 1.0;
            else session.defaults = s.reset.apply(session.defaults);
            return;
        }
        if (s == Setting.INTERVAL) {
            session.interval = interval(value);
            return;
        }
        session.defaults = parse(session.defaults, flags(s, value));
    }

    /** Seconds between watch rounds: positive and finite; below 0.1 s even an idle router runs out of answers. */
    static double interval(String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageException("interval: '" + text + "' is not a number of seconds (use e.g. 1 or 0.5)");
        }
        if (!(v >= 0.1) || Double.isInfinite(v))
            throw new UsageException("interval must be 0.1 seconds or more, got '" + text + "'");
        return v;
    }

    /** The command-line flags that set {@code s} to {@code value}. */
    private static List<String> flags(Setting s, String value) {
        return switch (s) {
            case METHOD -> List.of(switch (value.toLowerCase(Locale.ROOT)) {
                case "udp" -> "-U";
                case "icmp" -> "-I";
                case "raw" -> "--raw";
                case "tcp" -> "-T";
                default -> throw new UsageException("method: '" + value + "' is not one of udp, icmp, raw, tcp");
            });
            case NUMERIC -> {
                if (!List.of("on", "yes", "true").contains(value.toLowerCase(Locale.ROOT)))
                    throw new UsageException("numeric: say on or off, not '" + value + "'");
                yield List.of("-n");
            }
            case PACKETLEN -> List.of(value);
            default -> List.of(s.flag, value);
        };
    }

    /** trace's options as typed, on top of {@code base}: the command line's parser and checks. */
    static Options parse(Options base, List<String> args) {
        Flags flags = new Flags();
        try {
            new CommandLine(flags).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        return flags.options.apply(base, flags.packetLength);
    }

    @Command(name = "set")
    private static final class Flags {
        @Mixin
        TraceOptions options = new TraceOptions();
        @Parameters(arity = "0..1")
        Integer packetLength;
    }

    /** {@code show}: every setting, its value and flag; the ones changed from traceroute's defaults stand out. */
    static List<org.jline.utils.AttributedString> show(ReplSession session, List<Setting> which) {
        List<org.jline.utils.AttributedString> lines = new ArrayList<>();
        for (Setting s : which) {
            String value = s.value(session);
            var line = new org.jline.utils.AttributedStringBuilder().append(String.format("%-10s ", s.label()));
            line.append(s.isDefault(session) ? session.palette.plain(String.format("%-16s", value))
                    : session.palette.bold(String.format("%-16s", value)));
            line.append(String.format(" %-12s %s", s.flag, s.help));
            lines.add(line.toAttributedString());
        }
        return lines;
    }

    /** The changed defaults as command-line flags ("-I -q 1"), or "" when none changed. */
    static String asFlags(ReplSession session) {
        List<String> out = new ArrayList<>();
        Options d = Options.defaults(), o = session.defaults;
        if (o.method() != d.method()) out.add(switch (o.method()) {
            case UDP -> "-U";
            case ICMP -> "-I";
            case RAW -> "--raw";
            case TCP -> "-T";
        });
        if (o.numeric()) out.add("-n");
        for (Setting s : List.of(Setting.FIRST, Setting.MAX, Setting.QUERIES, Setting.WAIT, Setting.WINDOW,
                Setting.PORT, Setting.SENDWAIT, Setting.SOURCE, Setting.INTERFACE, Setting.GAP))
            if (!s.isDefault(session)) out.add(s.flag + " " + s.value(session));
        if (o.packetSize() != d.packetSize()) out.add("(packetlen " + o.packetSize() + ")");
        if (session.interval != 1.0) out.add("(watch --interval " + seconds(session.interval) + ")");
        return String.join(" ", out);
    }

    private static String seconds(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
