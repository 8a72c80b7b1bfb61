package jtrace;

/**
 * --mtu's F=size marks, as traceroute --mtu prints them: on the first hop, then wherever the size of the probes
 * that drew the answers changed (the path got narrower). Fed the hops in order; 0 means "no mark here".
 */
public final class MtuMarks {
    private final boolean on;
    private int shown;

    public MtuMarks(Options options) { this.on = options.mtu(); }

    /** The mark for {@code hop} (0 for none), remembering it for the hops after. */
    public int next(Hop hop) {
        int size = on ? hop.probeSize() : 0;
        if (size == 0 || size == shown) return 0;
        shown = size;
        return size;
    }
}
