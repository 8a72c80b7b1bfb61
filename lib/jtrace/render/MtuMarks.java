package jtrace.render;

/**
 * --mtu's F=size marks, as traceroute --mtu prints them: on the first hop, then wherever the size of the probes
 * that drew the answers changed (the path got narrower). Fed the hops in order; 0 means "no mark here".
 */
public final class MtuMarks {
    private final boolean on;
    private int shown;

    /** {@code on}: the trace ran with --mtu; else no hop gets a mark. */
    public MtuMarks(boolean on) { this.on = on; }

    /** The mark for {@code hop} (0 for none), remembering it for the hops after. */
    public int next(HopView hop) {
        int size = on ? hop.probeSize() : 0;
        if (size == 0 || size == shown) return 0;
        shown = size;
        return size;
    }
}
