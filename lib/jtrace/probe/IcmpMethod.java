package jtrace.probe;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

import jtrace.packet.Bytes;
import jtrace.packet.Paris;
import jtrace.packet.IcmpMessage;
import jtrace.packet.Quote;
import jtrace.sys.ErrnoException;
import jtrace.sys.Message;
import jtrace.sys.NativeSocket;

/**
 * traceroute -I: ICMP (ICMPv6) echo requests with sequence = first + key. Prefers the ping socket (no
 * privilege when net.ipv4.ping_group_range admits the user's group — it governs ICMPv6 ping sockets too):
 * the kernel fills the checksum, sets the echo id to the socket's port and delivers only our replies — echo
 * replies on the normal queue, errors on the error queue. Otherwise a raw ICMP socket (root or CAP_NET_RAW)
 * that sees every ICMP packet and filters by id; for ICMPv6 the kernel computes the checksum there too.
 */
public final class IcmpMethod extends SocketMethod implements FlowMethod {
    private final int echoId;
    private final int firstSeq;
    private final byte[] payload;
    /** The flow of {@link #send(int, int)} (Paris: one checksum for every probe), or {@link ProbeSettings#CLASSIC}. */
    private final int flow;
    /** Null on a ping socket, where the kernel already filters. */
    private final RawIcmpMatcher raw;

    private IcmpMethod(NativeSocket socket, InetAddress target, ProbeSettings options, int echoId, boolean pingSocket) {
        super(socket, target, options.packetSize(), options, POLLIN);
        this.echoId = echoId;
        this.firstSeq = options.port() != 0 ? options.port() : 1;
        this.payload = Bytes.filler(options.packetSize() - family.headerLength - IcmpMessage.HEADER_LENGTH);
        this.flow = payload.length >= Paris.COMPENSATION ? options.flow() : ProbeSettings.CLASSIC;
        this.raw = pingSocket ? null : new RawIcmpMatcher(family, targetBytes, echoId);
    }

    /** The ping socket if allowed, else a raw socket; if neither, a message naming ping_group_range. */
    static IcmpMethod open(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket socket;
        try {
            socket = ProbeSockets.ping(family);
        } catch (ErrnoException e) {
            if (!pingSocketRefused(e.errno())) throw ProbeSockets.failed("cannot open a ping socket", e);
            return openRaw(target, options);
        }
        try {
            ProbeSockets.restrict(socket, options, true);  // bind port 0: the kernel picks the echo id
            ProbeSockets.enable(socket, family.level, family.recvErrOption, 1);
            ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            return new IcmpMethod(socket, target, options, ProbeSockets.localPort(socket), true);
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    /** EACCES: group outside ping_group_range; the others: a kernel without ping sockets. */
    private static boolean pingSocketRefused(int errno) {
        return errno == ErrnoException.EACCES || errno == ErrnoException.EPERM || errno == ErrnoException.EPROTONOSUPPORT
                || errno == ErrnoException.ESOCKTNOSUPPORT || errno == ErrnoException.EAFNOSUPPORT;
    }

    private static IcmpMethod openRaw(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        IpFamily family = IpFamily.of(target);
        NativeSocket socket = ProbeSockets.rawIcmp(family, ProbeSockets::icmpDenied);  // the message loads jnr-posix: only on failure
        try {
            ProbeSockets.restrict(socket, options, false);
            ProbeSockets.enable(socket, SOL_SOCKET, SO_TIMESTAMPNS, 1);
            ProbeSockets.receiveAnswersOnly(socket, family);
            // IPv6 raw sockets deliver no IP header: the reply's hop limit comes as a control message.
            if (family == IpFamily.V6) ProbeSockets.enable(socket, family.level, family.recvHopLimitOption, 1);
            return new IcmpMethod(socket, target, options, randomEchoId(), false);
        } catch (Throwable t) {
            socket.close();
            throw t;
        }
    }

    /** Raw sockets share every reply on the host: a random id (never 0) tells ours apart. */
    static int randomEchoId() { return ThreadLocalRandom.current().nextInt(1, 0x10000); }

    @Override
    public Method kind() { return Method.ICMP; }

    /** Whether this uses the unprivileged ping socket (else a raw socket). */
    public boolean usesPingSocket() { return raw == null; }

    @Override
    boolean readsRawPackets() { return !usesPingSocket(); }

    /** The echo identifier in our requests: the ping socket's port, or our random id on a raw socket. */
    public int echoId() { return echoId; }

    /**
     * Sends an echo request: for ICMPv4 with its checksum; for ICMPv6 with checksum 0, which the kernel
     * replaces (it covers a pseudo-header with the source address the kernel chooses).
     */
    @Override
    public long send(int ttl, int key) throws IOException {
        if (flow != ProbeSettings.CLASSIC) return send(ttl, flow, key);
        byte[] echo = family.echo(echoId, seqFor(firstSeq, key), payload);
        useTtl(ttl);
        return transmit(echo, 0);
    }

    /**
     * An echo request on flow {@code flow}: the sequence says which probe, and the first two payload bytes make
     * the checksum the flow's whatever the sequence ({@link Paris#echoPayload}), type, code and id never move.
     */
    @Override
    public long send(int ttl, int flow, int key) throws IOException {
        if (payload.length < Paris.COMPENSATION)
            throw new IllegalStateException("a " + packetSize() + "-byte echo has no room for a flow: send(ttl, key) only");
        int seq = seqFor(firstSeq, key);
        byte[] echo = family.echo(echoId, seq, Paris.echoPayload(seq, flow, payload.length));
        useTtl(ttl);
        return transmit(echo, 0);
    }

    /** Flows 0..65535 have checksums of their own. */
    @Override
    public int flows() { return 65536; }

    /** Whether probes keep one flow (Paris: one checksum), or traceroute's checksum per probe. */
    public boolean paris() { return flow != ProbeSettings.CLASSIC; }

    @Override
    Reply fromData(Message m) {
        if (raw != null) return raw.match(m) ? raw.reply(this, keyFor(firstSeq, raw.seq), m) : null;
        // Ping socket: an echo reply without IP header; the kernel matched the id, we check anyway.
        if (m.length() < IcmpMessage.HEADER_LENGTH || m.name().family() != family.domain) return null;
        if (m.dataU8(0) != family.echoReply || m.dataU16(4) != echoId) return null;
        InetAddress from = address(m.name());
        return reply(keyFor(firstSeq, m.dataU16(6)), from, family.echoReply, m.dataU8(1), m.timestamp(), m.ttl(), from, 0)
                .withSize(m.length() - IcmpMessage.HEADER_LENGTH);  // the echo data
    }

    @Override
    Reply fromErrorQueue(Message m) {
        // Ping socket: the data part is the echo request the error quoted.
        if (!isIcmpError(m) || m.length() < IcmpMessage.HEADER_LENGTH) return null;
        if (m.dataU8(0) != family.echoRequest || m.dataU16(4) != echoId) return null;
        // The data part is the quoted echo request itself: its checksum, id and sequence (no IP header).
        return icmpErrorReply(m, keyFor(firstSeq, m.dataU16(6))).withQuote(Quote.echo(m.dataU16(2), m.dataU16(4), m.dataU16(6)));
    }

    static int seqFor(int firstSeq, int key) { return (firstSeq + key) & 0xffff; }

    static int keyFor(int firstSeq, int seq) { return (seq - firstSeq) & 0xffff; }
}
