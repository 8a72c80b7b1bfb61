package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The C signatures DirectLibC binds by hand on jffi: arguments of every kind (numbers, direct memory, strings)
 * arrive, results and errno come back, C strings are read. The socket calls have their own tests (NativeSocketTest,
 * SocketsTest); these are the rest. Any user, no network (numeric addresses only).
 */
class DirectLibCTest {
    private static final int EBADF = 9, ENOENT = 2, O_RDWR = 2, O_CLOEXEC = 0x80000;
    private final LibC libc = Native.libc();

    @Test
    void errnoIsSavedAndDescribed() {
        assertThat(libc.close(-1)).isEqualTo(-1);
        assertThat(Native.errno()).isEqualTo(EBADF);
        assertThat(Native.describe(EBADF)).isEqualTo("Bad file descriptor");
        assertThat(libc.setns(-1, 0)).isEqualTo(-1);
        assertThat(Native.errno()).isEqualTo(EBADF);
        assertThat(libc.ioctl(-1, 0x541B, Memory.allocateDirect(Native.runtime(), 8, true))).isEqualTo(-1);  // FIONREAD
        assertThat(Native.errno()).isEqualTo(EBADF);
    }

    @Test
    void stringsGoInAndLengthsComeBack() {
        assertThat(libc.open("/nonexistent/jtrace-" + ProcessHandle.current().pid(), O_RDWR | O_CLOEXEC)).isEqualTo(-1);
        assertThat(Native.errno()).isEqualTo(ENOENT);
        int fd = libc.open("/dev/null", O_RDWR | O_CLOEXEC);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        try {
            Pointer buffer = Memory.allocateDirect(Native.runtime(), 64, true);
            assertThat(libc.write(fd, buffer, 40)).isEqualTo(40L);
            assertThat(libc.read(fd, buffer, 64)).isZero();  // end of file
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void interfacesByNameAndNumber() {
        int lo = libc.if_nametoindex("lo");
        assertThat(lo).isPositive();
        assertThat(Interfaces.name(lo)).isEqualTo("lo");
        assertThat(libc.if_nametoindex("no-such-if0")).isZero();
        assertThat(libc.if_indextoname(Integer.MAX_VALUE, Memory.allocateDirect(Native.runtime(), 16, true))).isNull();
    }

    @Test
    void getaddrinfoForNumericAddressesAndItsMessages() throws Exception {
        assertThat(Resolver.lookup("127.0.0.1", Sockets.AF_UNSPEC)).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(Resolver.lookup("::1", Sockets.AF_INET6)).containsExactly(InetAddress.getByName("::1"));
        assertThat(libc.gai_strerror(-2)).isEqualTo("Name or service not known");  // EAI_NONAME
    }

    @Test
    void heapMemoryIsRefusedBeforeTheCall() {
        Pointer heap = Pointer.wrap(Native.runtime(), ByteBuffer.allocate(16));
        assertThatThrownBy(() -> libc.clock_gettime(0, heap)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direct memory");
    }
}
