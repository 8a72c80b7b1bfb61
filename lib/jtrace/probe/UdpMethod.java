package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.InetAddress;

import jtrace.packet.Bytes;
import jtrace.Options;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * traceroute's default method, for any user: UDP datagrams to port base + key, TTL (IPv6: hop limit) set per
 * probe. Routers' time-exceeded and the destination's port-unreachable come back on the socket's error queue
 * (IP_RECVERR, IPV6_RECVERR) with the original destination port in msg_name — that port is the key.
 * <p>
 * One port is never probed: our own source port. It is an ephemeral port, and those overlap the probe
 * ports (32768–60999 vs 33434 up): a probe to a local target sent there would reach our own socket instead
 * of drawing a port unreachable, and be lost. Keys from there on move up by one port.
 */
public final class UdpMethod extends SocketMethod {
    /** Ports 1..65535; key k goes to base + k, wrapping past 65535 to 1. */
    private static final int PORTS = 65535;
    /** Keys are taken modulo this: every port but our own. */
    private static final int PROBE_PORTS = PORTS - 1;
    /** Ask for room for many errors at once (the kernel caps it at 2 × net.core.rmem_max). */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final int basePort;
    private final int sourcePort;
    private final byte[] payload;

    private UdpMethod(NativeSocket socket, InetAddress target, Options options, int sourcePort) {
        super(socket, target, options.packetSize(), 0);  // errors only: POLLERR needs no asking
        this.basePort = options.port() != 0 ? options.port() : Options.DEFAULT_UDP_PORT;
        this.sourcePort = sourcePort;
        this.payload = Bytes.filler(options.packetSize() - family.headerLength - 8);
    }

    /**
     * Opens the UDP socket: IP_RECVERR (IPV6_RECVERR) for the errors, IP_RECVTTL (IPV6_RECVHOPLIMIT) and
     * SO_TIMESTAMPNS for their TTL and time.
     */
    static UdpMethod open(InetAddress target, Options options) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket socket = ProbeSockets.udp(family);
        try {
            ProbeSockets.restrict(socket, options, true);  // bind now: the source port must be known
            ProbeSockets.enable(socket, family.level, family.recvErrOption, 1);
            ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER);
            return new UdpMethod(socket, target, options, ProbeSockets.localPort(socket));
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    @Override
    public String name() { return "udp"; }

    /** Every port but our own. */
    @Override
    public int keys() { return PROBE_PORTS; }

    @Override
    public long send(int ttl, int key) throws IOException {
        useTtl(ttl);
        return transmit(payload, portFor(key));
    }

    @Override
    Reply fromErrorQueue(Message m) {
        if (!isIcmpError(m) || m.name().family() != family.domain) return null;  // local errors: not an answer
        int key = keyFor(m.name().port());
        return key < 0 ? null : icmpErrorReply(m, key);
    }

    /** The first destination port (-p, default 33434). */
    public int basePort() { return basePort; }

    /** Our socket's port: the source port of every probe. */
    public int sourcePort() { return sourcePort; }

    /** The destination port of the probe with this key (keys are taken modulo 65534). */
    public int portFor(int key) { return portFor(basePort, sourcePort, key); }

    /** The key of the probe that went to {@code port}, or -1 for our own port. */
    public int keyFor(int port) { return keyFor(basePort, sourcePort, port); }

    static int portFor(int basePort, int skippedPort, int key) {
        int offset = (key & 0xffff) % PROBE_PORTS;
        if (offset >= offsetOf(basePort, skippedPort)) offset++;
        return 1 + (basePort - 1 + offset) % PORTS;
    }

    static int keyFor(int basePort, int skippedPort, int port) {
        int offset = offsetOf(basePort, port), skipped = offsetOf(basePort, skippedPort);
        return offset == skipped ? -1 : offset > skipped ? offset - 1 : offset;
    }

    /** How far {@code port} is from the base, counting up through 65535 and on from 1. */
    private static int offsetOf(int basePort, int port) { return Math.floorMod(port - basePort, PORTS); }
}
