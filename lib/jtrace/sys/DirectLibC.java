package jtrace.sys;

import static com.kenai.jffi.Type.POINTER;
import static com.kenai.jffi.Type.SINT;
import static com.kenai.jffi.Type.SLONG;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.PointerByReference;

/**
 * {@link LibC} bound by hand on jffi, the library under jnr-ffi: each call is one libffi call with its C signature
 * written here. jnr-ffi's own binding generates a class (ASM) and native stubs at every start, about 80 ms that no
 * start-up archive can keep; this one is plain classes. errno is saved where LibC's contract says so and read as
 * before with {@link Native#errno()}. Pointers must be direct memory ({@code Memory.allocateDirect}): jtrace uses no
 * other kind.
 */
final class DirectLibC implements LibC {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private static final Library LIBC = Library.getCachedInstance("libc.so.6", Library.LAZY | Library.LOCAL);

    // What every trace calls: bound when jtrace first needs a socket.
    private static final Function socket = function("socket", SINT, SINT, SINT, SINT);
    private static final Function setsockopt = function("setsockopt", SINT, SINT, SINT, SINT, POINTER, SINT);
    private static final Function getsockopt = function("getsockopt", SINT, SINT, SINT, SINT, POINTER, POINTER);
    private static final Function bind = function("bind", SINT, SINT, POINTER, SINT);
    private static final Function connect = function("connect", SINT, SINT, POINTER, SINT);
    private static final Function getsockname = function("getsockname", SINT, SINT, POINTER, POINTER);
    private static final Function sendto = function("sendto", SLONG, SINT, POINTER, SLONG, SINT, POINTER, SINT);
    private static final Function recvmsg = function("recvmsg", SLONG, SINT, POINTER, SINT);
    private static final Function poll = function("poll", SINT, POINTER, SLONG, SINT);
    private static final Function close = function("close", SINT, SINT);
    private static final Function shutdown = function("shutdown", SINT, SINT, SINT);
    private static final Function clockGettime = function("clock_gettime", SINT, SINT, POINTER);
    private static final Function strerror = unsaved("strerror", POINTER, SINT);

    /** Name lookups: bound when a trace first resolves a name (each binding costs start-up: only what is used). */
    private static final class Lookups {
        static final Function getaddrinfo = unsaved("getaddrinfo", SINT, POINTER, POINTER, POINTER, POINTER);
        static final Function freeaddrinfo = unsaved("freeaddrinfo", Type.VOID, POINTER);
        static final Function gaiStrerror = unsaved("gai_strerror", POINTER, SINT);
    }

    /** The lab's, interfaces' and privileges' calls. */
    private static final class Others {
        static final Function open = function("open", SINT, POINTER, SINT);
        static final Function ioctl = function("ioctl", SINT, SINT, SLONG, POINTER);
        static final Function read = function("read", SLONG, SINT, POINTER, SLONG);
        static final Function write = function("write", SLONG, SINT, POINTER, SLONG);
        static final Function setns = function("setns", SINT, SINT, SINT);
        static final Function ifNametoindex = function("if_nametoindex", SINT, POINTER);
        static final Function ifIndextoname = function("if_indextoname", POINTER, SINT, POINTER);
        static final Function setgroups = function("setgroups", SINT, SLONG, POINTER);
    }

    private final Runtime runtime;

    DirectLibC(Runtime runtime) {
        this.runtime = runtime;
    }

    /** A C function's address and signature; the call saves errno. */
    private record Function(long address, CallContext context) {}

    private static Function function(String name, Type result, Type... parameters) {
        return new Function(LIBC.getSymbolAddress(name), CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true));
    }

    /** A function whose errno means nothing (LibC's @IgnoreError ones). */
    private static Function unsaved(String name, Type result, Type... parameters) {
        return new Function(LIBC.getSymbolAddress(name), CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, false));
    }

    private static long call(Function f, long a) { return INVOKER.invokeN1(f.context, f.address, a); }

    private static long call(Function f, long a, long b) { return INVOKER.invokeN2(f.context, f.address, a, b); }

    private static long call(Function f, long a, long b, long c) { return INVOKER.invokeN3(f.context, f.address, a, b, c); }

    private static long call(Function f, long a, long b, long c, long d) { return INVOKER.invokeN4(f.context, f.address, a, b, c, d); }

    private static long call(Function f, long a, long b, long c, long d, long e) {
        return INVOKER.invokeN5(f.context, f.address, a, b, c, d, e);
    }

    private static long call(Function f, long a, long b, long c, long d, long e, long g) {
        return INVOKER.invokeN6(f.context, f.address, a, b, c, d, e, g);
    }

    /** A pointer's address for C: 0 for null; heap memory has none. */
    private static long address(Pointer p) {
        if (p == null) return 0;
        if (!p.isDirect()) throw new IllegalArgumentException("native calls take direct memory (Memory.allocateDirect), not " + p);
        return p.address();
    }

    /** A NUL-terminated copy of {@code s} in native memory, freed when the returned pointer is collected. */
    private Pointer cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = Memory.allocateDirect(runtime, bytes.length + 1, true);
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /** The C string at {@code address} (null for NULL). */
    private static String javaString(long address) {
        return address == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    @Override public int socket(int domain, int type, int protocol) { return (int) call(socket, domain, type, protocol); }

    @Override public int setsockopt(int fd, int level, int name, Pointer value, int length) {
        return (int) call(setsockopt, fd, level, name, address(value), length);
    }

    @Override public int getsockopt(int fd, int level, int name, Pointer value, Pointer length) {
        return (int) call(getsockopt, fd, level, name, address(value), address(length));
    }

    @Override public int bind(int fd, Pointer address, int length) { return (int) call(bind, fd, address(address), length); }

    @Override public int connect(int fd, Pointer address, int length) { return (int) call(connect, fd, address(address), length); }

    @Override public int getsockname(int fd, Pointer address, Pointer length) {
        return (int) call(getsockname, fd, address(address), address(length));
    }

    @Override public long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength) {
        return call(sendto, fd, address(buffer), length, flags, address(address), addressLength);
    }

    @Override public long recvmsg(int fd, Pointer msghdr, int flags) { return call(recvmsg, fd, address(msghdr), flags); }

    @Override public int poll(Pointer fds, long count, int timeoutMillis) { return (int) call(poll, address(fds), count, timeoutMillis); }

    @Override public int close(int fd) { return (int) call(close, fd); }

    @Override public int shutdown(int fd, int how) { return (int) call(shutdown, fd, how); }

    @Override public int clock_gettime(int clock, Pointer timespec) { return (int) call(clockGettime, clock, address(timespec)); }

    @Override public int open(String path, int flags) {
        Pointer p = cString(path);
        try {
            return (int) call(Others.open, address(p), flags);
        } finally {
            Reference.reachabilityFence(p);  // its memory is freed once p is collected: not during the call
        }
    }

    @Override public int ioctl(int fd, long request, Pointer argument) { return (int) call(Others.ioctl, fd, request, address(argument)); }

    @Override public long read(int fd, Pointer buffer, long length) { return call(Others.read, fd, address(buffer), length); }

    @Override public long write(int fd, Pointer buffer, long length) { return call(Others.write, fd, address(buffer), length); }

    @Override public int setns(int fd, int nstype) { return (int) call(Others.setns, fd, nstype); }

    @Override public int if_nametoindex(String name) {
        Pointer p = cString(name);
        try {
            return (int) call(Others.ifNametoindex, address(p));
        } finally {
            Reference.reachabilityFence(p);
        }
    }

    @Override public Pointer if_indextoname(int index, Pointer name) { return call(Others.ifIndextoname, index, address(name)) == 0 ? null : name; }

    @Override public int getaddrinfo(String node, String service, Pointer hints, PointerByReference result) {
        Pointer n = node == null ? null : cString(node), s = service == null ? null : cString(service);
        Pointer out = Memory.allocateDirect(runtime, 8, true);
        try {
            int code = (int) call(Lookups.getaddrinfo, address(n), address(s), address(hints), address(out));
            result.fromNative(runtime, out, 0);
            return code;
        } finally {
            Reference.reachabilityFence(n);
            Reference.reachabilityFence(s);
        }
    }

    @Override public void freeaddrinfo(Pointer result) { call(Lookups.freeaddrinfo, address(result)); }

    @Override public String gai_strerror(int code) { return javaString(call(Lookups.gaiStrerror, code)); }

    @Override public int setgroups(long size, int[] groups) {
        Pointer list = Memory.allocateDirect(runtime, Math.max(4L * groups.length, 4), true);
        list.put(0, groups, 0, groups.length);
        try {
            return (int) call(Others.setgroups, size, address(list));
        } finally {
            Reference.reachabilityFence(list);
        }
    }

    @Override public String strerror(int errno) { return javaString(call(strerror, errno)); }
}
