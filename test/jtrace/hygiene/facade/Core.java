package jtrace.hygiene.facade;

/** Test-only: the core in the root package, which a subpackage builds on (as jtrace.multi builds on jtrace.Trace). */
public final class Core {
    public static int answer() { return 42; }
}
