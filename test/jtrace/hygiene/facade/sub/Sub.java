package jtrace.hygiene.facade.sub;

import jtrace.hygiene.facade.Core;

/** Test-only: a subpackage that builds on the root package's core, not on its facade. */
public final class Sub {
    public static int twice() { return 2 * Core.answer(); }
}
