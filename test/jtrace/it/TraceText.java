package jtrace.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * traceroute-shaped text read back (jtrace's and Debian traceroute's output have the same shape):
 * the header, one {@link Line} per hop, and whatever follows (stop line, notes).
 */
record TraceText(String header, List<Line> hops, List<String> rest) {
    private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(.*)$");
    /** An IPv4 address, or an IPv6 one (it has a colon) with its zone if any, bare or in parentheses. */
    private static final Pattern ADDRESS = Pattern.compile("^\\(?(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-f.]*:[0-9a-f:.]*(?:%[\\w.-]+)?)\\)?$");

    /**
     * One hop line, e.g. {@code " 2  10.74.2.2  0.028 ms !H  0.014 ms !H *"} or {@code " 1  fd00:71:1::2  0.031 ms"}.
     *
     * @param ttl       the hop number
     * @param addresses every address shown, in order (empty for {@code * * *})
     * @param probes    probes shown: answered ({@code ms}) plus unanswered ({@code *})
     * @param answered  probes with a time
     * @param marks     the {@code !X} annotations, one per annotated probe
     */
    record Line(int ttl, List<String> addresses, int probes, int answered, List<String> marks, String text) {
        /** The first address, or "*" for a silent hop (as {@link LabRuns#text} writes routes). */
        String address() { return addresses.isEmpty() ? "*" : addresses.get(0); }
    }

    static TraceText parse(List<String> lines) {
        String header = null;
        List<Line> hops = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : lines) {
            Matcher m = HOP.matcher(line);
            if (header == null && line.startsWith("traceroute to ")) header = line;
            else if (m.matches() && rest.isEmpty()) hops.add(hop(Integer.parseInt(m.group(1)), m.group(2), line));
            else if (header != null) rest.add(line);
        }
        return new TraceText(header, hops, rest);
    }

    static TraceText parse(String text) {
        return parse(text.lines().toList());
    }

    private static Line hop(int ttl, String body, String text) {
        List<String> addresses = new ArrayList<>(), marks = new ArrayList<>();
        int probes = 0, answered = 0;
        for (String token : body.trim().split("\\s+")) {
            Matcher a = ADDRESS.matcher(token);
            if (token.equals("*")) probes++;
            else if (token.equals("ms")) { probes++; answered++; }
            else if (token.startsWith("!")) marks.add(token);
            else if (a.matches() && !addresses.contains(a.group(1))) addresses.add(a.group(1));
        }
        return new Line(ttl, addresses, probes, answered, marks, text);
    }

    /** The lines after the hops that are not notes: the stop line, if any. */
    List<String> stopLines() { return rest.stream().filter(l -> !l.startsWith("note: ")).toList(); }

    /** The "note: …" lines after the hops. */
    List<String> notes() { return rest.stream().filter(l -> l.startsWith("note: ")).toList(); }

    /** The hop numbers in order. */
    List<Integer> ttls() { return hops.stream().map(Line::ttl).toList(); }

    /** The first address of each hop, "*" for a silent one. */
    List<String> route() { return hops.stream().map(Line::address).toList(); }
}
