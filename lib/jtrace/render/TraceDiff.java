package jtrace.render;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Two traces side by side, hop by hop: which hops answered from the same addresses and which changed.
 * Prints as a table; {@link #changes()} lists only the hops that differ.
 *
 * @param before the first trace
 * @param after  the second trace
 * @param hops   one entry per TTL that either trace probed, in order
 */
public record TraceDiff(TraceView before, TraceView after, List<HopDiff> hops) {
    public TraceDiff {
        hops = List.copyOf(hops);
    }

    /** How one hop compares. */
    public enum Change {
        SAME("same"), CHANGED("changed"), SILENT_NOW("silent now"), ANSWERS_NOW("answers now"),
        ONLY_BEFORE("only in the first trace"), ONLY_AFTER("only in the second trace");

        private final String words;

        Change(String words) { this.words = words; }

        @Override
        public String toString() { return words; }
    }

    /**
     * One TTL in both traces: the addresses that answered (empty for a silent hop, null when the trace did not
     * probe this TTL) and what changed.
     */
    public record HopDiff(int ttl, List<InetAddress> before, List<InetAddress> after, Change change) {
        public boolean changed() { return change != Change.SAME; }
    }

    /** Compares {@code before} with {@code after}, TTL by TTL. */
    public static TraceDiff of(TraceView before, TraceView after) {
        TreeSet<Integer> ttls = new TreeSet<>();
        before.hops().forEach(h -> ttls.add(h.ttl()));
        after.hops().forEach(h -> ttls.add(h.ttl()));
        List<HopDiff> hops = new ArrayList<>();
        for (int ttl : ttls) {
            HopView b = before.hop(ttl), a = after.hop(ttl);
            List<InetAddress> was = b == null ? null : b.addresses(), now = a == null ? null : a.addresses();
            hops.add(new HopDiff(ttl, was, now, change(was, now)));
        }
        return new TraceDiff(before, after, hops);
    }

    private static Change change(List<InetAddress> was, List<InetAddress> now) {
        if (was == null) return Change.ONLY_AFTER;
        if (now == null) return Change.ONLY_BEFORE;
        if (new java.util.HashSet<>(was).equals(new java.util.HashSet<>(now))) return Change.SAME;
        if (now.isEmpty()) return Change.SILENT_NOW;
        if (was.isEmpty()) return Change.ANSWERS_NOW;
        return Change.CHANGED;
    }

    /** Only the hops that differ. */
    public List<HopDiff> changes() { return hops.stream().filter(HopDiff::changed).toList(); }

    /** Whether both traces saw the same addresses at every hop. */
    public boolean same() { return changes().isEmpty(); }

    /** A table: hop, the addresses in each trace ({@code *} silent, {@code -} not probed), what changed. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Hop", "First trace", "Second trace", "Change"});
        for (HopDiff h : hops) rows.add(new String[] {String.valueOf(h.ttl()), text(h.before()), text(h.after()), h.change().toString()});
        int[] w = new int[4];
        for (String[] r : rows) for (int c = 0; c < 4; c++) w[c] = Math.max(w[c], r[c].length());
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            String line = " ".repeat(w[0] - r[0].length()) + r[0] + "  " + r[1] + " ".repeat(w[1] - r[1].length())
                    + "  " + r[2] + " ".repeat(w[2] - r[2].length()) + "  " + r[3];
            out.append(line.stripTrailing()).append('\n');
        }
        int changed = changes().size();
        out.append(changed == 0 ? "same route: every hop answered from the same addresses\n"
                : changed + " of " + hops.size() + " hops changed\n");
        return out.toString();
    }

    private static String text(List<InetAddress> addresses) {
        if (addresses == null) return "-";
        if (addresses.isEmpty()) return "*";
        return String.join(" ", addresses.stream().map(jtrace.packet.AddressText::of).toList());
    }
}
