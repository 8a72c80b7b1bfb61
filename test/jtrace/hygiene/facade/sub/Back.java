package jtrace.hygiene.facade.sub;

import jtrace.hygiene.facade.Facade;

/** Test-only: a subpackage that calls the facade back — the cycle the facade's own slice must still show. */
public final class Back {
    public static int again() { return Facade.both(); }
}
