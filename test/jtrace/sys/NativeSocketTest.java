package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** The socket calls on a real UDP socket, on loopback (127.0.0.1 and ::1). Any user. */
class NativeSocketTest {
    private static final InetAddress LOCALHOST = address("127.0.0.1"), LOCALHOST6 = address("::1");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static NativeSocket udp() throws ErrnoException {
        return NativeSocket.open(Sockets.AF_INET, Sockets.SOCK_DGRAM, 0, "socket(AF_INET, SOCK_DGRAM, 0)");
    }

    private static NativeSocket udp6() throws ErrnoException {
        return NativeSocket.open(Sockets.AF_INET6, Sockets.SOCK_DGRAM, 0, "socket(AF_INET6, SOCK_DGRAM, 0)");
    }

    /** Containers often run with IPv6 switched off: then there is no ::1 to talk to. */
    static void assumeIpv6Loopback() {
        boolean up;
        try (NativeSocket s = udp6()) {
            s.bind(LOCALHOST6, 0);
            up = true;
        } catch (ErrnoException e) {
            up = false;
        }
        if (!up) System.out.println("[jtrace.sys] skipped: this host has no IPv6 loopback (::1)");
        assumeTrue(up, "skipped: this host has no IPv6 loopback (::1)");
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
            assertThat(m.offender().family()).isEqualTo(Sockets.AF_INET);
            assertThat(m.offender().toInetAddress()).isEqualTo(LOCALHOST);
            assertThat(m.offender().ipv4()).isEqualTo(0x7f000001);
            assertThat(m.name().toInetAddress()).as("msg_name is the original destination").isEqualTo(LOCALHOST);
            assertThat(m.name().port()).isEqualTo(33499);
            assertThat(m.ttl()).isEqualTo(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).get(0).trim()));
            assertThat(m.timestamp()).isBetween(before, new RealtimeClock().nanos());
            assertThat(m.truncated()).isFalse();

            assertThat(s.receive(m, Sockets.MSG_ERRQUEUE | Sockets.MSG_DONTWAIT)).as("the failed send sent nothing")
                    .isEqualTo(-ErrnoException.EAGAIN);
            // Reading the error queue empty also cleared the pending error.
            assertThat(s.sendTo(payload, 4, LOCALHOST, 33499)).isZero();
        }
    }

    /**
     * The same over IPv6: IPV6_RECVERR's sock_extended_err says SO_EE_ORIGIN_ICMP6, type 1 (destination
     * unreachable) code 4 (port), the offender is a sockaddr_in6, and IPV6_RECVHOPLIMIT brings the hop limit.
     */
    @Test
    void ipv6ErrorQueueMessageCarriesTheIcmpv6ErrorAndTheHopLimit() throws Exception {
        assumeIpv6Loopback();
        try (NativeSocket s = udp6()) {
            assertThat(s.family()).isEqualTo(Sockets.AF_INET6);
            s.setInt(Sockets.SOL_IPV6, Sockets.IPV6_RECVERR, 1);
            s.setInt(Sockets.SOL_IPV6, Sockets.IPV6_RECVHOPLIMIT, 1);
            s.setInt(Sockets.SOL_IPV6, Sockets.IPV6_UNICAST_HOPS, 9);
            assertThat(s.getInt(Sockets.SOL_IPV6, Sockets.IPV6_UNICAST_HOPS)).isEqualTo(9);
            s.setInt(Sockets.SOL_SOCKET, Sockets.SO_TIMESTAMPNS, 1);
            s.bind(LOCALHOST6, 0);
            assertThat(s.localAddress()).isEqualTo(LOCALHOST6);
            Pointer payload = Memory.allocateDirect(Native.runtime(), 4, true);
            assertThat(s.sendTo(payload, 4, LOCALHOST6, 33499)).isZero();
            assertThat(s.poll(0, 2000) & Sockets.POLLERR).isNotZero();

            Message m = new Message();
            assertThat(s.receive(m, Sockets.MSG_ERRQUEUE | Sockets.MSG_DONTWAIT)).isEqualTo(4);
            assertThat(m.hasExtendedError()).isTrue();
            assertThat(m.errorOrigin()).isEqualTo(Sockets.SO_EE_ORIGIN_ICMP6);
            assertThat(m.errorNumber()).isEqualTo(ErrnoException.ECONNREFUSED);
            assertThat(m.errorType()).isEqualTo(1);
            assertThat(m.errorCode()).isEqualTo(4);
            assertThat(m.offender().family()).isEqualTo(Sockets.AF_INET6);
            assertThat(m.offender().toInetAddress()).isEqualTo(LOCALHOST6);
            assertThat(m.offender().hasAddress(LOCALHOST6.getAddress())).isTrue();
            assertThat(m.offender().ipv4()).isZero();
            assertThat(m.name().toInetAddress()).as("msg_name is the original destination").isEqualTo(LOCALHOST6);
            assertThat(m.name().port()).isEqualTo(33499);
            assertThat(m.ttl()).as("hop limit of the ICMPv6 error (lo's default)")
                    .isEqualTo(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv6/conf/lo/hop_limit")).get(0).trim()));
            assertThat(m.timestamp()).isPositive();
        }
    }

    @Test
    void aSocketRefusesAddressesOfTheOtherFamily() throws Exception {
        try (NativeSocket s = udp()) {
            assertThatThrownBy(() -> s.bind(LOCALHOST6, 0)).isInstanceOfSatisfying(ErrnoException.class,
                    e -> assertThat(e.errno()).isEqualTo(ErrnoException.EAFNOSUPPORT));
            Pointer payload = Memory.allocateDirect(Native.runtime(), 4, true);
            assertThat(s.sendTo(payload, 4, LOCALHOST6, 9)).isEqualTo(ErrnoException.EAFNOSUPPORT);
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

    /** Whether some thread of ours is inside poll(2) on one descriptor with this timeout (x86_64: syscall 7). */
    private static boolean someThreadPolls(int timeoutMillis) throws Exception {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.anyMatch(t -> {
                try {
                    String[] f = Files.readString(t.resolve("syscall")).trim().split(" ");
                    return f.length > 3 && f[0].equals("7") && f[2].equals("0x1") && f[3].equals("0x" + Integer.toHexString(timeoutMillis));
                } catch (Exception e) {
                    return false;  // the thread ended meanwhile
                }
            });
        }
    }

    @Test
    void closeWakesAThreadWaitingInPollAndFreesTheNumberOnlyAfterIt() throws Exception {
        int timeout = 20_000;  // without the fix the poll below sleeps this long and then reports nothing
        NativeSocket s = udp();
        s.bind(LOCALHOST, 0);
        int fd = s.fd();
        Path link = Path.of("/proc/self/fd/" + fd);
        Path socketFile = Files.readSymbolicLink(link);  // socket:[inode]
        int[] revents = {-1};
        Thread poller = new Thread(() -> {
            try {
                revents[0] = s.poll(Sockets.POLLIN, timeout);
            } catch (ErrnoException e) {
                revents[0] = -2;
            }
        });
        poller.start();
        while (!someThreadPolls(timeout)) Thread.onSpinWait();
        s.close();
        poller.join();
        assertThat(revents[0]).as("poll woke with an event (hang-up), not at its timeout").isGreaterThan(0);
        assertThat(!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.readSymbolicLink(link).equals(socketFile))
                .as("our socket is closed once the poll returned").isTrue();
        assertThat(s.poll(Sockets.POLLIN, 0)).as("a call after close touches no descriptor").isEqualTo(Sockets.POLLNVAL);
    }
}
