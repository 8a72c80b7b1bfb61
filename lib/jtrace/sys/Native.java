package jtrace.sys;

import jnr.ffi.Runtime;

/**
 * libc, bound on first use by {@link DirectLibC} (about 30 ms: keep it off the path of commands that need no
 * socket), and jnr-ffi's runtime for the native memory the calls take.
 */
public final class Native {
    private Native() {}

    private static final class Holder {
        static final Runtime RUNTIME = load();
        static final LibC LIBC = new DirectLibC(RUNTIME);
    }

    private static Runtime load() {
        JffiStub.useCachedCopy();  // before jffi loads its stub
        return Runtime.getSystemRuntime();
    }

    public static LibC libc() { return Holder.LIBC; }

    public static Runtime runtime() { return Holder.RUNTIME; }

    /** errno of the last native call on this thread: read it right after the call. */
    public static int errno() { return Holder.RUNTIME.getLastError(); }

    /** "Operation not permitted" for EPERM. */
    public static String describe(int errno) { return Holder.LIBC.strerror(errno); }
}
