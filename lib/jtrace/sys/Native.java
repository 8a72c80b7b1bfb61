package jtrace.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** Loads libc once, on first use (about 200 ms: keep it off the path of commands that need no socket). */
public final class Native {
    private Native() {}

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static LibC libc() { return Holder.LIBC; }

    public static Runtime runtime() { return Holder.RUNTIME; }

    /** errno of the last native call on this thread: read it right after the call. */
    public static int errno() { return Runtime.getRuntime(Holder.LIBC).getLastError(); }

    /** "Operation not permitted" for EPERM. */
    public static String describe(int errno) { return Holder.LIBC.strerror(errno); }
}
