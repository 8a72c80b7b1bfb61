package jtrace.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian traceroute's output read back: one address (or "*") per hop, and the final !-mark if any. */
record Traceroute(List<String> hops, String mark) {
    private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)(?:\\s+[\\d.]+ ms)?(?:\\s+(![A-Z]\\S*))?.*$");

    /** Runs it in the lab's client: one probe per hop, one at a time, up to the expected number of hops. */
    static Traceroute run(LabNetwork lab) { return run(lab, 4); }

    /** The same with {@code traceroute -4} or {@code -6} to the lab's destination of that family. */
    static Traceroute run(LabNetwork lab, int ipVersion) {
        List<String> lines = lab.exec("traceroute", "-" + ipVersion, "-n", "-q", "1", "-w", "1", "-N", "1",
                "-m", String.valueOf(lab.expectedHopSets(ipVersion).size()), lab.destination(ipVersion).getHostAddress());
        return parse(lines);
    }

    static Traceroute parse(List<String> lines) {
        List<String> hops = new ArrayList<>();
        String mark = "";
        for (String line : lines) {
            Matcher m = HOP.matcher(line);
            if (!m.matches()) continue; // the "traceroute to ..." header
            hops.add(m.group(2));
            mark = m.group(3) == null ? "" : m.group(3);
        }
        return new Traceroute(hops, mark);
    }

    static boolean installed() {
        return Commands.find("traceroute").isPresent();
    }
}
