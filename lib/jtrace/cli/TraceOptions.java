package jtrace.cli;

import jtrace.names.Targets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jtrace.probe.Method;
import jtrace.Options;
import picocli.CommandLine.Option;

/** traceroute(8)'s options, shared by the command line and the REPL's {@code trace} so both parse alike. */
public final class TraceOptions {
    @Option(names = {"-I", "--icmp"}, description = "Use ICMP echo (ping socket, else raw socket).")
    boolean icmp;
    @Option(names = {"-U", "--udp"}, description = "Use UDP to high ports (the default; any user).")
    boolean udp;
    @Option(names = {"-T", "--tcp"}, description = "Use TCP SYNs to port 80 (-p): hand-built as root, else connect() per probe (any user); [open]/[closed] at the destination.")
    boolean tcp;
    @Option(names = "--raw", description = "ICMP echo in a hand-built IP header (IP_HDRINCL, IPV6_HDRINCL; root).")
    boolean raw;
    @Option(names = {"-e", "--extensions"}, description = "Show ICMP extensions: MPLS label stacks, interface information (RFC 4884).")
    boolean extensions;
    @Option(names = "--methods", split = ",", paramLabel = "M",
            description = "Trace with each method (udp, icmp, raw, tcp) at once; print each trace whole, in the order given, then say which got through and how far.")
    List<String> methods;
    @Option(names = "--mtu", description = "Discover the path MTU: Don't Fragment set, probes as big as the path takes; F=size where it changes (UDP).")
    boolean mtu;
    @Option(names = {"-n"}, description = "Print addresses only; no reverse DNS.")
    boolean numeric;
    @Option(names = {"-f", "--first"}, paramLabel = "first_ttl", description = "Start at this hop (default 1).")
    Integer firstTtl;
    @Option(names = {"-m", "--max-hops"}, paramLabel = "max_ttl", description = "Give up after this hop (default 30).")
    Integer maxTtl;
    @Option(names = {"-q", "--queries"}, paramLabel = "nqueries", description = "Probes per hop (default 3).")
    Integer queries;
    @Option(names = {"-w", "--wait"}, paramLabel = "MAX[,HERE,NEAR]",
            description = "Wait at most MAX s; HERE x the RTT of this hop; NEAR x that of a later one (5,3,10).")
    String wait;
    @Option(names = {"-N", "--sim-queries"}, paramLabel = "squeries", description = "Probes in flight at once (default 16).")
    Integer window;
    @Option(names = {"-p", "--port"}, paramLabel = "port", description = "UDP: first destination port (33434); ICMP: first sequence; TCP: the port (80).")
    Integer port;
    @Option(names = {"-z", "--sendwait"}, paramLabel = "sendwait", description = "Pause between probes: seconds, or ms if 10 or more.")
    Double sendWait;
    @Option(names = {"-s", "--source"}, paramLabel = "src_addr", description = "Send from this local address.")
    String source;
    @Option(names = {"-i", "--interface"}, paramLabel = "device", description = "Send through this interface.")
    String device;
    @Option(names = "-4", description = "Use IPv4.")
    boolean ipv4;
    @Option(names = "-6", description = "Use IPv6.")
    boolean ipv6;
    @Option(names = "--gap", paramLabel = "N", description = "Stop after N silent hops in a row (default 5).")
    Integer gap;
    @Option(names = {"-A", "--as"}, description = "Show each address's origin AS (Team Cymru's DNS service), as traceroute -A.")
    boolean asOrigins;
    @Option(names = "--classic", description = "A new flow (UDP port, ICMP checksum) per probe, as traceroute: load balancers may mix paths in one hop.")
    boolean classic;
    @Option(names = "--flow", paramLabel = "N", description = "The flow every probe takes, 0..255 (default 0): another N may take another path.")
    Integer flow;
    @Option(names = "--fast", description = "Don't re-probe a silent router once its ICMP rate limit refilled (saves up to 1 s;"
            + " a router a trace just before drained then shows * * * like one that never answers).")
    boolean fast;
    @Option(names = "--mda", description = "Find every path through load balancers (MDA): every interface of every hop, then the links.")
    boolean mda;
    @Option(names = "--confidence", paramLabel = "PERCENT", description = "With --mda: how sure to be, hop by hop, that no interface is missed (default 95).")
    Double confidence;
    @Option(names = "--save-probes", description = "With --mda: where a router's ICMP burst runs out, wait for its refill (~1 s)"
            + " instead of trying more flows: exactly the stopping rule's probes, some seconds slower.")
    boolean saveProbes;

    /** What --mda asks for: its stopping rule, and whether to save probes or time where a router's burst runs out. */
    record Mda(jtrace.multipath.StoppingRule rule, jtrace.multipath.MdaPlanner.Saving saving) {}

    /** --mda's choices, or null for a trace of one flow. */
    Mda multipath() {
        if (!mda) {
            if (confidence != null) throw new UsageException("--confidence goes with --mda (how sure MDA is to have found every path): add --mda or drop it");
            if (saveProbes) throw new UsageException("--save-probes goes with --mda (it paces MDA's probes to the routers' refills): add --mda or drop it");
            return null;
        }
        if (classic) throw new UsageException("--mda chooses its probes' flows itself: drop --classic");
        if (flow != null) throw new UsageException("--mda walks through many flows: drop --flow");
        if (raw) throw new UsageException("--mda works with UDP (the default) and -I, not --raw");
        try {
            return new Mda(jtrace.multipath.StoppingRule.percent(confidence == null ? 95 : confidence),
                    saveProbes ? jtrace.multipath.MdaPlanner.Saving.PROBES : jtrace.multipath.MdaPlanner.Saving.TIME);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--confidence must be 50..99.9 (percent), got " + confidence);
        }
    }

    /** The family asked for: 4, 6 or 0 (follow the host). */
    int family() {
        if (ipv4 && ipv6) throw new UsageException("-4 and -6 exclude each other: give one");
        return ipv4 ? 4 : ipv6 ? 6 : 0;
    }

    /** The one resolver ({@link Targets}), its mistakes as usage errors (exit 2). */
    static InetAddress resolveTarget(String host, int family) {
        try {
            return Targets.resolve(host, family);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The address to trace: {@link Targets#resolve} in the family asked for. A link-local IPv6 address without a
     * zone takes that of -i (as traceroute does), so its answers print as fe80::2%eth0 like fe80::2%eth0 typed.
     */
    InetAddress resolve(String host) {
        InetAddress target = resolveTarget(host, family());
        if (device != null && target instanceof java.net.Inet6Address v6 && v6.getScopeId() == 0
                && (v6.isLinkLocalAddress() || v6.isMCLinkLocal())) {
            int index = jtrace.sys.Interfaces.index(device);
            if (index > 0) return jtrace.sys.Interfaces.scoped(v6.getAddress(), index);
        }
        return target;
    }

    /**
     * PACKETLEN as typed: bytes, or null when not given. Read here rather than by picocli, so that a number too
     * big for an int gets the same range message as one that merely exceeds it.
     */
    static Integer packetLength(String text) {
        if (text == null) return null;
        if (!text.matches("[+-]?[0-9]+"))
            throw new UsageException("'" + text + "' is not a packet length: PACKETLEN is a number of bytes, e.g. 60");
        long bytes;
        try {
            bytes = Long.parseLong(text);
        } catch (NumberFormatException tooLong) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes < 0 || bytes > Integer.MAX_VALUE) throw new UsageException("packet length must be 28..65000 bytes, got " + text);
        return (int) bytes;
    }

    /** These flags on top of {@code base} (the REPL's session defaults, or traceroute's). */
    /** --methods as methods; null without it. A usage error for a name that is no method. */
    List<Method> methods() {
        if (methods == null) return null;
        List<Method> out = new java.util.ArrayList<>();
        for (String name : methods) {
            Method m = java.util.Arrays.stream(Method.values()).filter(x -> x.toString().equalsIgnoreCase(name.strip())).findFirst()
                    .orElseThrow(() -> new UsageException("--methods: '" + name + "' is not one of udp, icmp, raw, tcp"));
            if (!out.contains(m)) out.add(m);
        }
        if (icmp || udp || raw || tcp) throw new UsageException("--methods chooses the methods: leave out -I, -U, -T and --raw");
        return out;
    }

    Options apply(Options base, Integer packetLength) {
        Options o = base;
        int methods = (icmp ? 1 : 0) + (udp ? 1 : 0) + (raw ? 1 : 0) + (tcp ? 1 : 0);
        if (methods > 1) throw new UsageException("-I, -U, -T and --raw choose the method: give one of them");
        if (icmp) o = o.method(Method.ICMP);
        if (udp) o = o.method(Method.UDP);
        if (raw) o = o.method(Method.RAW);
        if (tcp) o = o.method(Method.TCP);
        if (extensions) o = o.extensions(true);
        if (mtu) o = o.mtu(true);
        if (numeric) o = o.numeric(true);
        if (firstTtl != null) o = o.firstTtl(firstTtl);
        if (maxTtl != null) o = o.maxTtl(maxTtl);
        if (queries != null) o = o.queries(queries);
        if (window != null) o = o.window(window);
        if (port != null) o = o.port(port);
        if (sendWait != null) o = o.sendWait(sendWait);
        if (gap != null) o = o.gap(gap);
        if (wait != null) o = applyWait(o, wait);
        if (source != null) o = o.source(sourceAddress(source));
        if (device != null) o = o.device(device);
        if (packetLength != null) o = o.packetSize(packetLength);
        if (classic && flow != null) throw new UsageException("--classic gives every probe its own flow, --flow " + flow + " one for all: give one of them");
        if (classic) o = o.classic();
        if (flow != null) {  // -1 is how Options says "classic": not a flow a user can name
            if (flow < 0 || flow > Options.MAX_FLOW) throw new UsageException("--flow must be 0.." + Options.MAX_FLOW + ", got " + flow);
            o = o.flow(flow);
        }
        if (fast) o = o.fast(true);
        multipath();  // contradictions with --mda are usage errors before anything opens
        try {
            return o.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Options applyWait(Options o, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length > 3) throw new UsageException("-w takes MAX[,HERE,NEAR], got '" + text + "'");
        double[] v = {o.waitMax(), o.waitHere(), o.waitNear()};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank() && i > 0) continue;
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new UsageException("-w: '" + parts[i] + "' is not a number of seconds (use e.g. -w 5 or -w 5,3,10)");
            }
            if (!(v[i] >= 0) || Double.isInfinite(v[i]))
                throw new UsageException("-w: wait times must be zero or more, got '" + parts[i] + "'");
        }
        return o.wait(v[0], v[1], v[2]);
    }

    private static InetAddress sourceAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.%]+")) throw new UsageException("-s: '" + text + "' is not an IP address");
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new UsageException("-s: '" + text + "' is not an IP address");
        }
    }
}
