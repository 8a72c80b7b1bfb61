package jtrace.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.PointerByReference;

/**
 * The C library calls jtrace makes, bound by jnr-ffi. Every native call in jtrace goes through this
 * interface (and jnr-posix in {@link Privileges}); nothing else touches native code. Keep helpers out of
 * here: jnr-ffi would try to bind static methods too.
 */
public interface LibC {
    @SaveError int socket(int domain, int type, int protocol);
    @SaveError int setsockopt(int fd, int level, int name, Pointer value, int length);
    @SaveError int getsockopt(int fd, int level, int name, Pointer value, Pointer length);
    @SaveError int bind(int fd, Pointer address, int length);
    @SaveError int connect(int fd, Pointer address, int length);
    @SaveError int getsockname(int fd, Pointer address, Pointer length);
    @SaveError long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength);
    @SaveError long recvmsg(int fd, Pointer msghdr, int flags);
    @SaveError int poll(Pointer fds, long count, int timeoutMillis);
    @SaveError int close(int fd);
    @SaveError int shutdown(int fd, int how);
    @SaveError int clock_gettime(int clock, Pointer timespec);
    @SaveError int open(String path, int flags);
    @SaveError int ioctl(int fd, long request, Pointer argument);
    @SaveError long read(int fd, Pointer buffer, long length);
    @SaveError long write(int fd, Pointer buffer, long length);
    @SaveError int setns(int fd, int nstype);
    @SaveError int if_nametoindex(String name);
    @SaveError Pointer if_indextoname(int index, Pointer name);
    @IgnoreError int getaddrinfo(String node, String service, Pointer hints, PointerByReference result);
    @IgnoreError void freeaddrinfo(Pointer result);
    @IgnoreError String gai_strerror(int code);
    @SaveError int setgroups(long size, int[] groups);
    @IgnoreError String strerror(int errno);
}
