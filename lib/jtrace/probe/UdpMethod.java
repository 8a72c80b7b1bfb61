package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.InetAddress;

import jtrace.packet.Bytes;
import jtrace.packet.Quote;
import jtrace.packet.UdpHeader;
import jtrace.packet.Paris;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * traceroute's default method, for any user: UDP datagrams with the TTL (IPv6: hop limit) set per probe. Routers'
 * time-exceeded and the destination's port-unreachable come back on the socket's error queue (IP_RECVERR,
 * IPV6_RECVERR) with the original destination port in msg_name. Paris (the default): every probe of flow f goes
 * from our port to port base + f, so a load balancer sends them all one way, and the probe's key is in its UDP
 * checksum ({@link Paris}: the first two payload bytes compensate); the quoted payload gives it back. Classic
 * ({@code --classic}, --mtu, or packets too small for the two bytes): port base + key, and the port is the key.
 * <p>
 * One port is never probed: our own source port. It is an ephemeral port, and those overlap the probe
 * ports (32768–60999 vs 33434 up): a probe to a local target sent there would reach our own socket instead
 * of drawing a port unreachable, and be lost. Keys from there on move up by one port.
 */
public final class UdpMethod extends SocketMethod implements FlowMethod {
    /** Ports 1..65535; key k goes to base + k, wrapping past 65535 to 1. */
    private static final int PORTS = 65535;
    /** Keys are taken modulo this: every port but our own. */
    private static final int PROBE_PORTS = PORTS - 1;
    /** Ask for room for many errors at once (the kernel caps it at 2 × net.core.rmem_max). */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final int basePort;
    private final int sourcePort;
    private byte[] payload;
    /**
     * --mtu: the largest packet the path has taken so far (Don't Fragment is set on every probe), 0 when off.
     * Probes start at the route's MTU; a "fragmentation needed" (ICMPv6 "packet too big") lowers it, and the
     * probe that drew it is sent again, smaller, with the same TTL and key.
     */
    private int pathMtu;
    /** --mtu: each key's TTL and the size it was last sent with (to send it again, and to report F=). */
    private final int[] ttlOf, sizeOf;

    /** The flow of {@link #send(int, int)} (Paris), or {@link ProbeSettings#CLASSIC}. */
    private final int flow;
    /** Our address as the pseudo-header has it (Paris computes the checksum the kernel will). */
    private final InetAddress source;
    private final byte[] quoted;

    private UdpMethod(NativeSocket socket, InetAddress target, ProbeSettings options, int sourcePort, int pathMtu, InetAddress source) {
        super(socket, target, pathMtu > 0 ? pathMtu : options.packetSize(), options, 0);  // errors only: POLLERR needs no asking
        this.basePort = options.port() != 0 ? options.port() : ProbeSettings.DEFAULT_UDP_PORT;
        this.sourcePort = sourcePort;
        this.pathMtu = pathMtu;
        this.payload = Bytes.filler(packetSize() - family.headerLength - 8);
        this.ttlOf = pathMtu > 0 ? new int[65536] : null;
        this.sizeOf = pathMtu > 0 ? new int[65536] : null;
        // Paris needs two payload bytes, and a payload that keeps its size (--mtu shrinks it: classic ports there).
        this.flow = payload.length >= Paris.COMPENSATION && pathMtu == 0 ? options.flow() : ProbeSettings.CLASSIC;
        this.source = source;
        this.quoted = new byte[payload.length];
    }

    /**
     * Opens the UDP socket: IP_RECVERR (IPV6_RECVERR) for the errors, IP_RECVTTL (IPV6_RECVHOPLIMIT) and
     * SO_TIMESTAMPNS for their TTL and time.
     */
    static UdpMethod open(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket socket = ProbeSockets.udp(family);
        try {
            ProbeSockets.restrict(socket, options, true);  // bind now: the source port must be known
            ProbeSockets.enable(socket, family.level, family.recvErrOption, 1);
            ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_RCVBUF, RECEIVE_BUFFER);
            int pathMtu = 0;
            if (options.mtu()) {
                // DF on every probe, whatever size we ask for (PMTUDISC_DO would refuse sizes above the kernel's cache).
                ProbeSockets.enable(socket, family.level, family == IpFamily.V4 ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER, PMTUDISC_PROBE);
                pathMtu = ProbeSockets.routeMtu(target, options.device());
            }
            return new UdpMethod(socket, target, options, ProbeSockets.localPort(socket), pathMtu, sourceFor(target, options));
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    @Override
    public Method kind() { return Method.UDP; }

    /** Classic: every port but our own. Paris: the checksums 1..65534 a key can ride as. */
    @Override
    public int keys() { return flow == ProbeSettings.CLASSIC ? PROBE_PORTS : Paris.MAX_ID; }

    /**
     * The address the kernel will send from: -s, else the one its route to the target picks (a connected
     * datagram socket asks the routing table without sending anything).
     */
    private static InetAddress sourceFor(InetAddress target, ProbeSettings options) {
        if (options.source() != null) return options.source();
        try {
            // Our own socket: java.net.DatagramSocket's first use loads ~60 classes (~5 ms of a start).
            InetAddress local = ProbeSockets.routeSource(target, null);
            // A wildcard or another family: any fixed address keeps keys matching.
            return local == null || local.isAnyLocalAddress() || IpFamily.of(local) != IpFamily.of(target) ? target : local;
        } catch (ProbeSetupException | RuntimeException e) {
            return target;  // no route known here: sendto will say so; any fixed address keeps keys matching
        }
    }

    /** Flows 0..flows()-1 go to ports base..base+flows()-1. */
    @Override
    public int flows() { return Math.max(1, 65535 - basePort); }

    /** Whether probes keep one flow (Paris), or take traceroute's port per probe. */
    public boolean paris() { return flow != ProbeSettings.CLASSIC; }

    /** The Paris probe with this key on flow {@code flow}: port base + flow, checksum key + 1. */
    @Override
    public long send(int ttl, int flow, int key) throws IOException {
        if (this.flow == ProbeSettings.CLASSIC && (payload.length < Paris.COMPENSATION || pathMtu > 0))
            throw new IllegalStateException("a " + packetSize() + "-byte UDP probe (or --mtu) has no room for a flow: send(ttl, key) only");
        useTtl(ttl);
        int port = flowPort(flow);
        return transmit(Paris.udpPayload(source, target, sourcePort, port, idFor(key), payload.length), port);
    }

    @Override
    public long send(int ttl, int key) throws IOException {
        if (flow != ProbeSettings.CLASSIC) return send(ttl, flow, key);
        useTtl(ttl);
        if (pathMtu > 0) {
            ttlOf[key & 0xffff] = ttl;
            sizeOf[key & 0xffff] = pathMtu;
        }
        return transmit(payload, portFor(key));
    }

    /** The kernel hands over the quoted UDP payload: the IP and UDP headers before it are not shown. */
    @Override
    int unshownQuote() { return family.headerLength + UdpHeader.LENGTH; }

    @Override
    Reply fromErrorQueue(Message m) {
        if (!isIcmpError(m) || m.name().family() != family.domain) return null;  // local errors: not an answer
        if (flow != ProbeSettings.CLASSIC) return parisReply(m);
        int key = keyFor(m.name().port());
        if (key < 0) return null;
        Reply r = icmpErrorReply(m, key).withQuote(Quote.udpPort(m.name().port()));  // the kernel shows no more of the quote
        return pathMtu > 0 ? discovered(r) : r;
    }

    /**
     * --mtu: a "too big" that names a smaller MTU shrinks the probes and sends this one again (no answer yet);
     * any other answer carries the size its probe had, for the F= of the hop line.
     */
    private Reply discovered(Reply r) {
        int key = r.key(), sent = sizeOf[key];
        if (r.mtu() > 0 && r.mtu() < sent && r.mtu() >= family.headerLength + 8) {
            if (r.mtu() < pathMtu) {
                pathMtu = r.mtu();
                payload = Bytes.filler(pathMtu - family.headerLength - 8);
            }
            try {
                send(ttlOf[key], key);
            } catch (IOException e) {
                return r;  // it cannot go again: the too-big ends the trace as it would without --mtu
            }
            return null;
        }
        return new Reply(key, r.from(), r.type(), r.code(), r.received(), r.ttl(), r.destination(), sent, r.tcpFlags(), r.extensions(),
                r.quote(), r.size());
    }

    /**
     * Paris: the port says the flow, the quoted payload the checksum, which is the key. Only the first two bytes
     * differ between probes: a quote cut short (a router keeps 576 bytes, RFC 1812) is completed from our filler
     * once what it has matches it; a longer one (RFC 4884 pads the quote to 128 bytes before its extensions) is read
     * for our payload's length. Less than two bytes leaves nothing to tell probes apart by: dropped.
     */
    private Reply parisReply(Message m) {
        int port = m.name().port();
        if (port < basePort || port >= basePort + flows() || m.length() < Paris.COMPENSATION) return null;
        int length = m.copyData(quoted);  // what follows our payload (RFC 4884's padding and extensions) is not ours
        if (!java.util.Arrays.equals(quoted, Paris.COMPENSATION, length, payload, Paris.COMPENSATION, length)) return null;
        System.arraycopy(payload, length, quoted, length, payload.length - length);
        return icmpErrorReply(m, keyForId(Paris.udpId(source, target, sourcePort, port, quoted))).withQuote(Quote.udpPort(port));
    }

    /** Keys 0..65533 ride as checksums 1..65534 (0 and 0xffff cannot be a checksum's value). */
    static int idFor(int key) { return (key & 0xffff) % Paris.MAX_ID + Paris.MIN_ID; }

    static int keyForId(int id) { return id - Paris.MIN_ID; }

    /** The destination port of flow {@code flow}. */
    public int flowPort(int flow) { return basePort + Math.floorMod(flow, flows()); }

    /** --mtu: the largest packet that has passed so far; 0 without --mtu. */
    public int pathMtu() { return pathMtu; }

    /** The first destination port (-p, default 33434). */
    public int basePort() { return basePort; }

    /** Our socket's port: the source port of every probe. */
    public int sourcePort() { return sourcePort; }

    /** The destination port of the probe with this key: its flow's (Paris), else base + key (modulo 65534). */
    public int portFor(int key) { return flow == ProbeSettings.CLASSIC ? portFor(basePort, sourcePort, key) : flowPort(flow); }

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
