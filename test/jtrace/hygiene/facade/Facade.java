package jtrace.hygiene.facade;

import jtrace.hygiene.facade.sub.Sub;

/** Test-only: a facade in the root package that drives the core and a subpackage built on it (as jtrace.Jtrace drives jtrace.multi). */
public final class Facade {
    public static int both() { return Core.answer() + Sub.twice(); }
}
