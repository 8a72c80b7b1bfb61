package jtrace.cli;

import java.util.Locale;
import jtrace.Jtrace;
import jtrace.ProbeResult;
import jtrace.Trace;
import jtrace.watch.WatchReport;

/** The last thing a command produced, which {@code last} renders again: as text, a table, or JSON. */
sealed interface ReplResult {
    /** What the command printed. */
    String text();

    /** One row per hop. */
    String table();

    /** For other programs. */
    String json();

    record OfTrace(Trace trace) implements ReplResult {
        public String text() { return trace.text(); }

        public String table() { return trace.table().text(); }

        public String json() { return trace.json().text(); }
    }

    /** One probe: the summary, both packets decoded, and their hex dumps. */
    record OfProbe(ProbeResult probe) implements ReplResult {
        public String text() {
            StringBuilder out = new StringBuilder(probe.toString());
            if (out.charAt(out.length() - 1) != '\n') out.append('\n');
            out.append("\nhexdump of the probe sent:\n").append(probe.sentHexdump());
            if (probe.receivedHexdump() != null) out.append("\nhexdump of the reply:\n").append(probe.receivedHexdump());
            return out.charAt(out.length() - 1) == '\n' ? out.toString() : out.append('\n').toString();
        }

        public String table() { return probe.summary() + "\n"; }

        public String json() {
            var r = probe.reply();
            return "{\"target\": \"" + jtrace.packet.AddressText.of(probe.target()) + "\", \"ttl\": " + probe.ttl() + ", \"method\": \""
                    + probe.method() + "\", \"sent\": \"" + Jtrace.hex(probe.sent()) + "\", \"reply\": "
                    + (r == null ? "null" : "{\"from\": \"" + jtrace.packet.AddressText.of(r.from()) + "\", \"type\": " + r.type()
                    + ", \"code\": " + r.code() + ", \"ttl\": " + r.ttl() + ", \"rtt\": "
                    + String.format(Locale.ROOT, "%.3f", probe.rtt()) + ", \"bytes\": "
                    + (probe.received() == null ? "null" : "\"" + Jtrace.hex(probe.received()) + "\"") + "}") + "}\n";
        }
    }

    record OfWatch(WatchReport report) implements ReplResult {
        public String text() { return report.text(); }

        public String table() { return report.text(); }

        public String json() { return report.json(); }
    }
}
