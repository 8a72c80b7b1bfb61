package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** The socket calls on a real UDP socket, on loopback. Any user. */
class NativeSocketTest {
    private static final int LOCALHOST = 0x7f000001;

    private static NativeSocket udp() throws ErrnoException {
        return NativeSocket.open(Sockets.AF_INET, Sockets.SOCK_DGRAM, 0, "socket(AF_INET, SOCK_DGRAM, 0)");
    }

    @Test
    void optionsAreSetAndReadBack() throws Exception {
        try (NativeSocket s = udp()) {
            s.setInt(Sockets.SOL_IP, Sockets.IP_TTL, 7);
            assertThat(s.getInt(Sockets.SOL_IP, Sockets.IP_TTL)).isEqualTo(7);
        }
    }

    @Test
    void failuresNameTheCallAndErrno() throws Exception {
        try (NativeSocket s = udp()) {
            assertThatThrownBy(() -> s.setInt(Sockets.SOL_IP, Sockets.IP_TTL, 300))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(ErrnoException.EINVAL))
                    .hasMessage("setsockopt IP_TTL: Invalid argument");
        }
    }

    @Test
    void bindAndGetsockname() throws Exception {
        try (NativeSocket s = udp()) {
            s.bind(LOCALHOST, 0);
            assertThat(s.localAddress()).isEqualTo(LOCALHOST);
            assertThat(s.localPort()).isBetween(1, 65535);
        }
    }

    /** The raw recvmsg view of a port unreachable: what UdpMethod builds its Reply from. */
    @Test
    void errorQueueMessageCarriesExtendedErrorOffenderTtlAndTime() throws Exception {
        try (NativeSocket s = udp()) {
            s.setInt(Sockets.SOL_IP, Sockets.IP_RECVERR, 1);
            s.setInt(Sockets.SOL_IP, Sockets.IP_RECVTTL, 1);
            s.setInt(Sockets.SOL_SOCKET, Sockets.SO_TIMESTAMPNS, 1);
            Pointer payload = Memory.allocateDirect(Native.runtime(), 4, true);
            long before = new RealtimeClock().nanos();
            assertThat(s.sendTo(payload, 4, LOCALHOST, 33499)).isZero();
            assertThat(s.poll(0, 2000) & Sockets.POLLERR).as("POLLERR without asking").isNotZero();
            // The trap: the queued error also left a pending error that fails the next send, which sends nothing.
            assertThat(s.sendTo(payload, 4, LOCALHOST, 33499)).isEqualTo(ErrnoException.ECONNREFUSED);

            Message m = new Message();
            assertThat(s.receive(m, Sockets.MSG_ERRQUEUE | Sockets.MSG_DONTWAIT)).isEqualTo(4);  // the quoted payload
            assertThat(m.hasExtendedError()).isTrue();
            assertThat(m.errorOrigin()).isEqualTo(Sockets.SO_EE_ORIGIN_ICMP);
            assertThat(m.errorNumber()).isEqualTo(ErrnoException.ECONNREFUSED);
            assertThat(m.errorType()).isEqualTo(3);
            assertThat(m.errorCode()).isEqualTo(3);
            assertThat(m.offenderFamily()).isEqualTo(Sockets.AF_INET);
            assertThat(m.offenderAddress()).isEqualTo(LOCALHOST);
            assertThat(m.nameAddress()).as("msg_name is the original destination").isEqualTo(LOCALHOST);
            assertThat(m.namePort()).isEqualTo(33499);
            assertThat(m.ttl()).isEqualTo(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).get(0).trim()));
            assertThat(m.timestamp()).isBetween(before, new RealtimeClock().nanos());
            assertThat(m.truncated()).isFalse();

            assertThat(s.receive(m, Sockets.MSG_ERRQUEUE | Sockets.MSG_DONTWAIT)).as("the failed send sent nothing")
                    .isEqualTo(-ErrnoException.EAGAIN);
            // Reading the error queue empty also cleared the pending error.
            assertThat(s.sendTo(payload, 4, LOCALHOST, 33499)).isZero();
        }
    }

    @Test
    void closeIsIdempotentAndReleasesTheDescriptor() throws Exception {
        NativeSocket s = udp();
        int fd = s.fd();
        assertThat(Path.of("/proc/self/fd/" + fd)).exists();
        s.close();
        s.close();
        assertThat(s.isOpen()).isFalse();
        assertThat(Path.of("/proc/self/fd/" + fd)).doesNotExist();
    }
}
