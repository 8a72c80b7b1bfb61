package jtrace.sys;

import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/**
 * The C library calls jtrace makes, with their C signatures bound in {@link DirectLibC}. Every native call in
 * jtrace goes through this interface (and jnr-posix in {@link Privileges}); nothing else touches native code.
 * errno is saved for every call but getaddrinfo, freeaddrinfo, gai_strerror and strerror; read it with
 * {@link Native#errno()} right after the call.
 */
public interface LibC {
    int socket(int domain, int type, int protocol);
    int setsockopt(int fd, int level, int name, Pointer value, int length);
    int getsockopt(int fd, int level, int name, Pointer value, Pointer length);
    int bind(int fd, Pointer address, int length);
    int connect(int fd, Pointer address, int length);
    int getsockname(int fd, Pointer address, Pointer length);
    long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength);
    long recvmsg(int fd, Pointer msghdr, int flags);
    int poll(Pointer fds, long count, int timeoutMillis);
    int close(int fd);
    int shutdown(int fd, int how);
    int clock_gettime(int clock, Pointer timespec);
    int open(String path, int flags);
    int ioctl(int fd, long request, Pointer argument);
    long read(int fd, Pointer buffer, long length);
    long write(int fd, Pointer buffer, long length);
    int setns(int fd, int nstype);
    int if_nametoindex(String name);
    Pointer if_indextoname(int index, Pointer name);
    int getaddrinfo(String node, String service, Pointer hints, PointerByReference result);
    void freeaddrinfo(Pointer result);
    String gai_strerror(int code);
    int setgroups(long size, int[] groups);
    String strerror(int errno);
}
