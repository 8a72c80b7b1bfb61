package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;

import jtrace.Options;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * traceroute's default method, for any user: UDP datagrams to port base + key, TTL set per probe. Routers'
 * time-exceeded and the destination's port-unreachable come back on the socket's error queue (IP_RECVERR)
 * with the original destination port in msg_name — that port is the key.
 */
public final class UdpMethod extends SocketMethod {
    /** Ports 1..65535; key k goes to base + k, wrapping past 65535 to 1. */
    private static final int PORTS = 65535;
    /** Ask for room for many errors at once (the kernel caps it at 2 × net.core.rmem_max). */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final int basePort;
    private final byte[] payload;

    private UdpMethod(NativeSocket socket, Inet4Address target, Options options) {
        super(socket, target, options.packetSize(), 0);  // errors only: POLLERR needs no asking
        this.basePort = options.port() != 0 ? options.port() : Options.DEFAULT_UDP_PORT;
        this.payload = filler(options.packetSize() - 20 - 8);
    }

    /** Opens the UDP socket: IP_RECVERR for the errors, IP_RECVTTL and SO_TIMESTAMPNS for their TTL and time. */
    static UdpMethod open(Inet4Address target, Options options) throws ProbeSetupException {
        NativeSocket socket = ProbeSockets.udp();
        try {
            ProbeSockets.restrict(socket, options, false);
            ProbeSockets.enable(socket, SOL_IP, IP_RECVERR, 1);
            ProbeSockets.enable(socket, SOL_IP, IP_RECVTTL, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER);
            return new UdpMethod(socket, target, options);
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    @Override
    public String name() { return "udp"; }

    @Override
    public long send(int ttl, int key) throws IOException {
        useTtl(ttl);
        return transmit(payload, portFor(basePort, key));
    }

    @Override
    Reply fromErrorQueue(Message m) {
        if (!isIcmpError(m) || m.nameFamily() != AF_INET) return null;  // local errors: not an answer
        return icmpErrorReply(m, keyFor(basePort, m.namePort()));
    }

    /** The first destination port (-p, default 33434). */
    public int basePort() { return basePort; }

    /** The destination port of the probe with this key. */
    public static int portFor(int basePort, int key) { return 1 + (basePort - 1 + (key & 0xffff)) % PORTS; }

    /** The key of the probe that went to {@code port} (keys are taken modulo 65535). */
    public static int keyFor(int basePort, int port) { return Math.floorMod(port - basePort, PORTS); }
}
