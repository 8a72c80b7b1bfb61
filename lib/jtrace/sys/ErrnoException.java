package jtrace.sys;

import java.io.IOException;

/** A failed system call: which call, and errno as the C library describes it ("socket: Operation not permitted"). */
public final class ErrnoException extends IOException {
    public static final int EPERM = 1, EINTR = 4, EBADF = 9, EAGAIN = 11, EACCES = 13, ENODEV = 19, EINVAL = 22,
            ENONET = 64, EPROTO = 71, EMSGSIZE = 90, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93,
            ESOCKTNOSUPPORT = 94, EOPNOTSUPP = 95, EAFNOSUPPORT = 97, EADDRINUSE = 98, EADDRNOTAVAIL = 99,
            ENETUNREACH = 101, ECONNRESET = 104, EISCONN = 106, ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTDOWN = 112, EHOSTUNREACH = 113,
            EALREADY = 114, EINPROGRESS = 115, EREMOTEIO = 121;

    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Native.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() { return call; }

    public int errno() { return errno; }

    /** "Operation not permitted", without the call. */
    public String reason() { return Native.describe(errno); }
}
