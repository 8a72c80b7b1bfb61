package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/**
 * What the unprivileged TCP method needs from the kernel, on loopback, any user: a non-blocking connect that
 * says EINPROGRESS, then POLLOUT with no pending error (something listens: the SYN-ACK came, and tcp_info has the
 * kernel's own RTT), or ECONNREFUSED (a RST came: nothing listens); the path MTU options read back.
 */
class TcpConnectTest {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    private static NativeSocket tcp() throws ErrnoException {
        return NativeSocket.open(Sockets.AF_INET, Sockets.SOCK_STREAM | Sockets.SOCK_NONBLOCK, 0, "socket(AF_INET, SOCK_STREAM)");
    }

    @Test
    void aListeningPortCompletesTheHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(LOCALHOST, 0));
            try (NativeSocket s = tcp()) {
                int errno = s.startConnect(LOCALHOST, server.getLocalPort());
                assertThat(errno).as("non-blocking connect").isIn(0, ErrnoException.EINPROGRESS);
                PollSet set = new PollSet(2);
                set.set(1, s, Sockets.POLLOUT);
                assertThat(set.poll(5000)).isEqualTo(1);
                assertThat(set.revents(0)).as("an empty slot").isZero();
                assertThat(set.revents(1) & Sockets.POLLOUT).isNotZero();
                assertThat(s.takePendingError()).as("connected").isZero();
                assertThat(s.tcpRttMicros()).as("the kernel measured the handshake").isPositive();
                s.resetOnClose();
            }
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(LOCALHOST, 0));
            port = free.getLocalPort();
        }
        try (NativeSocket s = tcp()) {
            assertThat(s.startConnect(LOCALHOST, port)).isIn(ErrnoException.EINPROGRESS, ErrnoException.ECONNREFUSED);
            PollSet set = new PollSet(1);
            set.set(0, s, Sockets.POLLOUT);
            assertThat(set.poll(5000)).isEqualTo(1);
            assertThat(s.takePendingError()).as("a RST answered the SYN").isEqualTo(ErrnoException.ECONNREFUSED);
        }
    }

    @Test
    void pathMtuDiscoveryOptions() throws Exception {
        try (NativeSocket s = NativeSocket.open(Sockets.AF_INET, Sockets.SOCK_DGRAM, 0, "socket(AF_INET, SOCK_DGRAM)")) {
            s.setInt(Sockets.SOL_IP, Sockets.IP_MTU_DISCOVER, Sockets.PMTUDISC_PROBE);
            assertThat(s.getInt(Sockets.SOL_IP, Sockets.IP_MTU_DISCOVER)).isEqualTo(Sockets.PMTUDISC_PROBE);
            s.connect(LOCALHOST, 9);
            int lo = Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/sys/class/net/lo/mtu")).strip());
            assertThat(s.getInt(Sockets.SOL_IP, Sockets.IP_MTU)).as("loopback's MTU, capped at IPv4's largest packet")
                    .isEqualTo(Math.min(lo, 65535));
        }
    }
}
