package jtrace.hygiene.cycle.below;

import jtrace.hygiene.cycle.Above;

/** Reads its root package back: the other half of the test-only cycle. */
public final class Below {
    public Object above() { return new Above(); }
}
