package jtrace.hygiene.cycle;

import jtrace.hygiene.cycle.below.Below;

/** A test-only package cycle between a root package and its subpackage: what {@code ArchitectureTest}'s cycle rule must catch. */
public final class Above {
    public static Below below() { return new Below(); }
}
