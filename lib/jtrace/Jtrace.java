package jtrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import jtrace.probe.Method;
import jtrace.lab.Lab;
import jtrace.lab.LabStatus;
import jtrace.lab.Topology;
import jtrace.packet.Bytes;
import jtrace.packet.Checksum;
import jtrace.packet.Decoded;
import jtrace.packet.Decoder;
import jtrace.packet.Hexdump;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Icmpv6Message;
import jtrace.packet.Ipv4Header;
import jtrace.packet.Ipv6Header;
import jtrace.packet.MalformedPacketException;
import jtrace.packet.UdpHeader;
import jtrace.probe.LastReceived;
import jtrace.probe.LastSent;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.probe.RawMethod;
import jtrace.probe.Reply;
import jtrace.sys.Platform;
import jtrace.sys.Privileges;

/**
 * jtrace at a prompt. One import brings everything:
 * <pre>{@code
 * import static jtrace.Jtrace.*;
 * trace("10.71.6.2")                              // a Trace: prints as traceroute's text
 * trace("10.71.6.2").table()                      // the same trace as a table; .json() as RIPE Atlas JSON
 * probe("10.71.6.2", 1)                           // one probe: the bytes sent and the reply, decoded
 * decode(icmpEcho(1, 1))                          // any bytes, field by field
 * }</pre>
 * Every helper reuses the library itself: the codecs in {@code jtrace.packet}, the probe methods and
 * {@link RouteScanner}. Failures (no privilege, unknown host) are exceptions whose message says what to do.
 * What sends packets needs Linux (x86_64 or aarch64) and throws {@link jtrace.sys.UnsupportedPlatformException}
 * elsewhere; the packet helpers, which only build and read bytes, work on any system.
 */
public final class Jtrace {
    private Jtrace() {}

    /** IPv4 protocol numbers, for {@link #ipv4Header}: ICMP is 1, UDP is 17 (as in C's netinet/in.h). */
    public static final int IPPROTO_ICMP = Ipv4Header.PROTO_ICMP, IPPROTO_TCP = Ipv4Header.PROTO_TCP, IPPROTO_UDP = Ipv4Header.PROTO_UDP;
    /** The IPv6 next header of ICMPv6, for {@link #ipv6Header} (UDP is 17 there too). */
    public static final int IPPROTO_ICMPV6 = Ipv6Header.NEXT_ICMPV6;

    // ---- tracing ----------------------------------------------------------------------------------------------

    /** traceroute's defaults (UDP, 3 probes per hop, 30 hops), to change one at a time: {@code options().queries(1).method(Method.ICMP)}. */
    public static Options options() { return Options.defaults(); }

    /** Traces the route to {@code host} with traceroute's defaults: {@code trace("10.71.6.2")}. */
    public static Trace trace(String host) { return trace(host, options()); }

    /**
     * Traces with these options: {@code trace("10.71.6.2", options().method(Method.ICMP).queries(1))}. Hops that
     * belong to a {@code jtrace lab} that is up are named ("r1.chain.lab"), the others by reverse DNS as on the
     * command line (one budget for the whole trace); {@code options().numeric(true)} keeps addresses only.
     */
    public static Trace trace(String host, Options options) {
        Platform.requireSupported();
        InetAddress target = resolve(host);
        options = options.withFamilyPacketSize(target);
        try (ProbeMethod method = Methods.open(options.method(), target, options.probeSettings());
             jtrace.nat.NatAnnotator nat = jtrace.nat.NatAnnotator.open(method)) {  // root, UDP, IPv4: the first hop behind a NAT
            Trace trace = nat.annotate(new RouteScanner(method, options).scan(host, target, hop -> {}));
            if (options.numeric()) return trace;
            // Names as the command line prints them: a lab's map first, reverse DNS for the rest (one budget for all).
            try (jtrace.names.Names names = new jtrace.names.Names(true, false, labNames())) {
                return trace.annotated(names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Several targets at once, as {@code jtrace HOST HOST…} traces them: one probe budget, shared hops probed once
     * (each trace still lists every hop; {@link Trace#reusedFrom} says which came from another's): {@code traceAll("a", "b")}.
     * The traces come back in the hosts' order.
     */
    public static java.util.List<Trace> traceAll(String... hosts) {
        Platform.requireSupported();
        Options options = options();
        java.util.List<jtrace.multi.MultiScanner.Target> targets = new java.util.ArrayList<>();
        for (String h : hosts) targets.add(new jtrace.multi.MultiScanner.Target(h, resolve(h)));
        java.util.List<String> failures = new java.util.ArrayList<>();
        try {
            java.util.List<Trace> traces = new jtrace.multi.MultiScanner(options, jtrace.multi.MultiScanner.DEFAULT_PPS).scan(targets,
                    t -> Methods.open(options.method(), t, options.withFamilyPacketSize(t).probeSettings()), new jtrace.multi.MultiScanner.Listener() {
                        @Override public void finished(Trace trace) {}

                        @Override public void failed(jtrace.multi.MultiScanner.Target t, Exception why) { failures.add(t.host() + ": " + why.getMessage()); }
                    });
            if (!failures.isEmpty()) throw new UncheckedIOException(new IOException(String.join("; ", failures)));
            return traces.stream().map(t -> t.withNames(labNames())).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Every path to {@code host} through load balancers (MDA, at 95%): {@code multipath("10.76.6.2")} — each hop's
     * every interface, and the links between hops.
     */
    public static Multipath multipath(String host) { return multipath(host, options(), 95); }

    /** The same with these options (UDP or ICMP) and confidence in percent: {@code multipath(host, options(), 99)}. */
    public static Multipath multipath(String host, Options options, double confidencePercent) {
        Platform.requireSupported();
        InetAddress target = resolve(host);
        options = options.withFamilyPacketSize(target);
        try (ProbeMethod method = Methods.open(options.method(), target, options.probeSettings())) {
            if (!(method instanceof jtrace.probe.FlowMethod flows))
                throw new IllegalArgumentException("multipath() works with UDP and ICMP, not " + method.kind());
            return new MultipathScanner(flows, options, jtrace.multipath.StoppingRule.percent(confidencePercent)).scan(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Several traces in one picture: shared hops drawn once, each trace's links in its own colour: {@code svg(t1, t2)}. */
    public static jtrace.render.Svg svg(Trace... traces) { return jtrace.render.Svg.of(java.util.List.of(traces)); }

    /** Hop by hop, what changed between two traces: {@code compare(before, after)}; same as {@code before.compare(after)}. */
    public static jtrace.render.TraceDiff compare(Trace before, Trace after) { return before.compare(after); }

    /**
     * Sends one probe with this TTL and shows both packets, decoded: {@code probe("10.71.6.2", 1)}. As root it uses
     * the raw method, which writes and reads every byte; otherwise UDP, where the kernel writes the headers and
     * reports the reply's fields, not its bytes (see {@link ProbeResult}).
     */
    public static ProbeResult probe(String host, int ttl) {
        Platform.requireSupported();
        return probe(host, ttl, options().method(canUseRaw() ? Method.RAW : Method.UDP));
    }

    /** One probe with the method and settings of {@code options}: {@code probe("10.71.6.2", 2, options().method(Method.ICMP))}. */
    public static ProbeResult probe(String host, int ttl, Options options) {
        Platform.requireSupported();
        InetAddress target = resolve(host);
        options = options.validate().withFamilyPacketSize(target);
        try (ProbeMethod method = Methods.open(options.method(), target, options.probeSettings())) {
            return probe(method, host, target, ttl, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The same through a method opened already (the command line opens it, then drops sudo's root, then probes). */
    public static ProbeResult probe(ProbeMethod method, String host, InetAddress target, int ttl, Options options) throws IOException {
        long sentAt = method.send(ttl, 0);
        byte[] sent = method instanceof LastSent s ? s.lastSent() : new byte[0];
        Reply reply = method.receive(sentAt + (long) (options.waitMax() * 1e9));
        byte[] received = reply != null && method instanceof LastReceived r && r.lastReceived().length > 0 ? r.lastReceived() : null;
        double rtt = reply == null ? Double.NaN : (reply.received() - sentAt) / 1e6;
        int port = method instanceof jtrace.probe.UdpMethod udp ? udp.portFor(0)
                : method instanceof jtrace.probe.TcpConnectMethod tcp ? tcp.port()
                : method instanceof jtrace.probe.RawTcpMethod raw ? raw.port() : 0;
        return new ProbeResult(host, target, method.kind(), ttl, sent, reply, rtt, received, port);
    }

    /**
     * Sends a packet built by hand, byte for byte, and waits for its answer: {@code send(concat(ipv4Header(...),
     * icmpEcho(0x1234, 1)))}. It must be an ICMP echo request (IPv4 or IPv6 header first); the answer is matched
     * by its echo identifier and sequence. Needs root (a raw socket that takes our header as it is).
     */
    public static ProbeResult send(byte[] packet) {
        Platform.requireSupported();
        Handmade h = Handmade.of(packet);
        Options o = options().method(Method.RAW).packetSize(packet.length).port(h.seq() == 0 ? 0 : h.seq());
        try (RawMethod method = RawMethod.open(h.destination(), o.probeSettings(), h.echoId())) {
            long sentAt = method.sendPacket(packet);
            Reply reply = method.receive(sentAt + (long) (o.waitMax() * 1e9));
            byte[] received = reply != null && method.lastReceived().length > 0 ? method.lastReceived() : null;
            double rtt = reply == null ? Double.NaN : (reply.received() - sentAt) / 1e6;
            return new ProbeResult(jtrace.packet.AddressText.of(h.destination()), h.destination(), Method.RAW, h.ttl(), method.lastSent(),
                    reply, rtt, received, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** What send() needs to know of a packet made by hand, read with the codecs. */
    private record Handmade(InetAddress destination, int ttl, int echoId, int seq) {
        static Handmade of(byte[] packet) {
            String need = "send() takes an ICMP echo request with its IP header, e.g. concat(ipv4Header(src, dst, ttl, IPPROTO_ICMP, 40), icmpEcho(id, seq))";
            try {
                int version = packet.length == 0 ? 0 : (packet[0] & 0xff) >> 4;
                if (version == 4) {
                    Ipv4Header ip = Ipv4Header.parse(packet, 0);
                    IcmpMessage icmp = ip.protocol() == IPPROTO_ICMP ? IcmpMessage.parse(packet, ip.headerLength(), packet.length) : null;
                    if (icmp == null || icmp.type() != IcmpMessage.ECHO_REQUEST)
                        throw new IllegalArgumentException(need + "; this one is " + decode(packet).layers());
                    return new Handmade(ip.destination(), ip.ttl(), icmp.id(), icmp.seq());
                }
                if (version == 6) {
                    Ipv6Header ip = Ipv6Header.parse(packet, 0);
                    Icmpv6Message icmp = ip.nextHeader() == Ipv6Header.NEXT_ICMPV6 ? Icmpv6Message.parse(packet, Ipv6Header.LENGTH, packet.length) : null;
                    if (icmp == null || icmp.type() != Icmpv6Message.ECHO_REQUEST)
                        throw new IllegalArgumentException(need + "; this one is " + decode(packet).layers());
                    return new Handmade(ip.destination(), ip.hopLimit(), icmp.id(), icmp.seq());
                }
                throw new IllegalArgumentException(need + "; this one does not start with an IP header");
            } catch (MalformedPacketException e) {
                throw new IllegalArgumentException(need + "; this one is malformed: " + e.getMessage(), e);
            }
        }
    }

    // ---- building packets by hand: the original design's make_ip and make_icmp_echo_request -------------------

    /** The Internet checksum (RFC 1071) of {@code data}: {@code checksum(ipv4Header(...))} is 0 for a correct header. */
    public static int checksum(byte[] data) { return Checksum.of(data); }

    /**
     * A 20-byte IPv4 header with its checksum filled in, identification 1:
     * {@code ipv4Header("10.71.1.1", "10.71.6.2", 1, IPPROTO_ICMP, 40)} for 40 bytes of ICMP behind it.
     */
    public static byte[] ipv4Header(String src, String dst, int ttl, int protocol, int payloadLength) {
        return ipv4Header(src, dst, ttl, protocol, 1, payloadLength);
    }

    /** The same with a chosen identification: {@code ipv4Header("10.71.1.1", "10.71.6.2", 1, IPPROTO_ICMP, 7, 40)}. */
    public static byte[] ipv4Header(String src, String dst, int ttl, int protocol, int id, int payloadLength) {
        return Ipv4Header.of(ipv4(src), ipv4(dst), ttl, protocol, id, payloadLength).encode();
    }

    /**
     * A 40-byte IPv6 header (RFC 8200; it has no checksum):
     * {@code ipv6Header("fd00:71:1::1", "fd00:71:6::2", 1, IPPROTO_ICMPV6, 40)} for 40 bytes of ICMPv6 behind it.
     */
    public static byte[] ipv6Header(String src, String dst, int hopLimit, int nextHeader, int payloadLength) {
        return Ipv6Header.of(ipv6(src), ipv6(dst), hopLimit, nextHeader, payloadLength).encode();
    }

    /**
     * An ICMPv6 echo request (RFC 4443) with its checksum, which covers a pseudo-header with both addresses — so
     * they are needed here: {@code icmpv6Echo("fd00:71:1::1", "fd00:71:6::2", 0x1234, 1)}.
     */
    public static byte[] icmpv6Echo(String src, String dst, int id, int seq, byte[] payload) {
        return Icmpv6Message.echoRequest(ipv6(src), ipv6(dst), id, seq, payload).encode();
    }

    /** An ICMPv6 echo request carrying traceroute's 32 bytes (an 80-byte packet with its IPv6 header). */
    public static byte[] icmpv6Echo(String src, String dst, int id, int seq) { return icmpv6Echo(src, dst, id, seq, filler(32)); }

    /** An ICMP echo request with its checksum: {@code icmpEcho(0x1234, 1, "hello".getBytes())}. */
    public static byte[] icmpEcho(int id, int seq, byte[] payload) { return IcmpMessage.echoRequest(id, seq, payload).encode(); }

    /** An ICMP echo request carrying traceroute's 32 bytes "@ABC…_" (a 60-byte packet with its IPv4 header): {@code icmpEcho(1, 1)}. */
    public static byte[] icmpEcho(int id, int seq) { return icmpEcho(id, seq, filler(32)); }

    /**
     * A whole UDP probe as traceroute's kernel sends it — IP header, UDP header (checksum over the pseudo-header),
     * data: {@code udpProbe("10.71.1.1", "10.71.6.2", 1, 40000, 33434, filler(32))}; IPv6 addresses make an IPv6
     * probe, {@code udpProbe("fd00:71:1::1", "fd00:71:6::2", 1, 33434)}, its TTL the hop limit.
     */
    public static byte[] udpProbe(String src, String dst, int ttl, int srcPort, int dstPort, byte[] payload) {
        if (resolve(src) instanceof Inet6Address s6) {
            Inet6Address d6 = ipv6(dst);
            byte[] udp = concat(Ipv6Header.udp(s6, d6, srcPort, dstPort, payload).encode(), payload);
            return concat(Ipv6Header.of(s6, d6, ttl, IPPROTO_UDP, udp.length).encode(), udp);
        }
        Inet4Address s = ipv4(src), d = ipv4(dst);
        byte[] udp = concat(UdpHeader.of(s, d, srcPort, dstPort, payload).encode(), payload);
        return concat(Ipv4Header.of(s, d, ttl, IPPROTO_UDP, 1, udp.length).encode(), udp);
    }

    /** traceroute's default UDP probe (60 bytes, 80 over IPv6; source port 40000): {@code udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)}. */
    public static byte[] udpProbe(String src, String dst, int ttl, int dstPort) {
        return udpProbe(src, dst, ttl, 40000, dstPort, filler(32));
    }

    /**
     * traceroute -T's probe built by hand: an IP header with this TTL (IPv6: hop limit), then a TCP SYN from
     * {@code srcPort} to {@code dstPort} with sequence number {@code seq}, its checksum over the pseudo-header.
     * {@code decode(tcpSyn("10.71.1.1", "10.71.6.2", 1, 40000, 80, 1))} names every field and flag.
     */
    public static byte[] tcpSyn(String src, String dst, int ttl, int srcPort, int dstPort, long seq) {
        InetAddress s = resolve(src), d = resolve(dst);
        byte[] tcp = jtrace.packet.TcpHeader.syn(srcPort, dstPort, seq).withChecksum(s, d, new byte[0]).encode();
        if (s instanceof Inet6Address s6) return concat(Ipv6Header.of(s6, ipv6(dst), ttl, Ipv6Header.NEXT_TCP, tcp.length).encode(), tcp);
        return concat(Ipv4Header.of(ipv4(src), ipv4(dst), ttl, Ipv4Header.PROTO_TCP, 1, tcp.length).encode(), tcp);
    }

    /** A SYN to port 80, as traceroute -T sends it: {@code tcpSyn("10.71.1.1", "10.71.6.2", 1)} (source port 40000, sequence 1). */
    public static byte[] tcpSyn(String src, String dst, int ttl) { return tcpSyn(src, dst, ttl, 40000, 80, 1); }

    /** traceroute's filler, "@ABCDEFG…", easy to spot in a capture: {@code filler(32)}. */
    public static byte[] filler(int length) { return Bytes.filler(length); }

    /** The parts one after another: {@code concat(ipv4Header(...), icmpEcho(1, 1))}. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Bytes from hex, spaces and colons allowed: {@code bytes("45 00 00 3c")}. */
    public static byte[] bytes(String hex) { return Bytes.fromHex(hex); }

    /** Bytes as hex, the way they are written on the board: {@code hex(icmpEcho(1, 1))} is "08 00 02 f9 00 01 00 01 40 41 …". */
    public static String hex(byte[] bytes) { return Bytes.hex(bytes); }

    // ---- looking at bytes -------------------------------------------------------------------------------------

    /** Every field of a packet, Wireshark-style (IPv4/IPv6, ICMP with its quoted packet, UDP): {@code decode(icmpEcho(1, 1))}. */
    public static Decoded decode(byte[] packet) { return Decoder.decode(packet); }

    /** A hex dump with a {@code |} after every field and a line per layer: {@code hexdump(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434))}. */
    public static Hexdump hexdump(byte[] packet) { return Hexdump.of(packet); }

    // ---- helpers of the helpers -------------------------------------------------------------------------------

    /** Whether this process may open raw sockets (root or CAP_NET_RAW): probe() then shows every byte. */
    public static boolean canUseRaw() { return Privileges.isRoot() || Privileges.hasCapNetRaw(); }

    /** The one resolver (the command line's): literals as typed, a name's IPv4 address first, as traceroute 2.1. */
    private static InetAddress resolve(String host) { return jtrace.names.Targets.resolve(host, 0); }

    private static Inet4Address ipv4(String address) {
        if (resolve(address) instanceof Inet4Address a) return a;
        throw new IllegalArgumentException("'" + address + "' is not an IPv4 address: an IPv4 header needs one");
    }

    private static Inet6Address ipv6(String address) {
        if (resolve(address) instanceof Inet6Address a) return a;
        throw new IllegalArgumentException("'" + address + "' is not an IPv6 address: an IPv6 header needs one");
    }

    /** The names of every lab that is up ("r1.chain.lab"): lab traces read like the lab's map. */
    private static Map<InetAddress, String> labNames() {
        Map<InetAddress, String> names = new HashMap<>();
        for (LabStatus lab : Lab.list()) if (lab.complete()) names.putAll(new Topology(lab.scenario(), lab.routers()).names());
        return names;
    }
}
