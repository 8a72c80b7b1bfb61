package jtrace.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jtrace.names.AsLookup;
import jtrace.names.ReverseDns;
import jtrace.packet.AddressText;

/**
 * The lab's own DNS server, so names and {@code -A} can be tried without the internet: dnsmasq in the client
 * namespace on 127.0.0.1, serving a PTR record for every lab address (the lab's names), A/AAAA records for the
 * client and the destination, and Team Cymru-style TXT records ({@code D.C.B.A.origin.asn.cymru.com}) that give
 * each address an origin AS: every block of four links is one AS, {@code 10.(70+s).0.0/22} AS64501, {@code
 * 10.(70+s).4.0/22} AS64502 and so on (IPv6: the same AS for the same link number, the link's /64 as its prefix).
 * {@code /etc/netns/<client>/resolv.conf} points at it, so whatever runs under {@code ip netns exec <client>} — a
 * user's shell, a trace — resolves there. It runs as a daemon with a pid file under {@value #RUN_DIR}: it outlives
 * {@code jtrace lab up --dns}, and removing the lab stops it ({@link #stop}).
 */
public final class LabDns implements AutoCloseable {
    static final String RUN_DIR = "/run/jtrace-lab";
    /** Where the server listens, inside the client namespace. */
    public static final InetAddress SERVER = InetAddress.getLoopbackAddress();

    private final String namespace;

    private LabDns(String namespace) { this.namespace = namespace; }

    /** Starts the server for {@code lab} (replacing one left from before); needs root and dnsmasq. */
    public static LabDns start(LabNetwork lab) {
        Commands.requireRoot();
        String dnsmasq = Commands.find("dnsmasq")
                .orElseThrow(() -> new LabException("the lab's DNS server is dnsmasq: install it (Debian: apt install dnsmasq-base)"));
        String namespace = lab.client();
        stop(namespace);
        try {
            Files.createDirectories(Path.of(RUN_DIR));
            Path etc = resolvConf(namespace);
            Files.createDirectories(etc.getParent());
            Files.writeString(etc, "# jtrace lab: the lab's DNS server (dnsmasq in this namespace)\nnameserver 127.0.0.1\n"
                    + "options timeout:1 attempts:1\n");
        } catch (IOException e) {
            throw new LabException("cannot write the lab's resolver configuration: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(Commands.ip(), "netns", "exec", namespace, dnsmasq,
                "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=" + pidFile(namespace)));
        records(lab).forEach(r -> command.add("--" + r));
        CommandOutput started = Commands.run(command, null);  // dnsmasq forks once it listens; the parent reports errors
        if (started.exitCode() != 0) {
            stop(namespace);
            throw new LabException("dnsmasq did not start: " + String.join(" ", started.stderr()));
        }
        return new LabDns(namespace);
    }

    /** dnsmasq's options for the lab's records, without the leading dashes: ptr-record, host-record, txt-record. */
    static List<String> records(LabNetwork lab) {
        Topology t = lab.topology();
        List<String> records = new ArrayList<>();
        Map<InetAddress, String> names = t.names();
        names.forEach((a, name) -> records.add("ptr-record=" + ReverseDns.queryName(a) + "," + name));
        for (InetAddress[] pair : List.of(new InetAddress[] {t.client(), t.client6()}, new InetAddress[] {t.destination(), t.destination6()}))
            records.add("host-record=" + names.get(pair[0]) + "," + pair[0].getHostAddress() + "," + AddressText.of(pair[1]));
        Map<String, String> txt = new LinkedHashMap<>();
        for (InetAddress a : names.keySet()) txt.put(AsLookup.queryName(a), origin(a));
        txt.forEach((name, value) -> records.add("txt-record=" + name + "," + value));
        return records;
    }

    /** Team Cymru's answer for a lab address: "ASN | prefix | country | registry | date" (see the class comment). */
    static String origin(InetAddress a) {
        byte[] b = a.getAddress();
        int link;
        String prefix;
        if (a instanceof Inet4Address) {
            link = b[2] & 0xff;
            prefix = (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (link / 4 * 4) + ".0/22";
        } else {
            String group = Integer.toHexString((b[4] & 0xff) << 8 | (b[5] & 0xff));
            link = group.matches("[0-9]+") ? Integer.parseInt(group) : 0;  // the lab's groups read decimal: fd00:71:6::
            prefix = AddressText.of(a).replaceFirst("^([0-9a-f]+:[0-9a-f]+:[0-9a-f]+):.*$", "$1::/64");
        }
        return (64501 + link / 4) + " | " + prefix + " | ZZ | lab | 2026-01-01";
    }

    /** Whether a lab DNS server is running for this client namespace (its pid file names a live dnsmasq). */
    public static boolean running(String namespace) { return pid(namespace) > 0; }

    /**
     * Stops the server of this client namespace if one runs (SIGTERM, then SIGKILL after a second) and removes its
     * pid file and {@code /etc/netns/<namespace>}; nothing to do is fine. A removed namespace would otherwise keep a
     * dnsmasq alive in it, unnamed.
     */
    public static void stop(String namespace) {
        long pid = pid(namespace);
        if (pid > 0) ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(1, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(pidFile(namespace));
            Files.deleteIfExists(resolvConf(namespace));
            Files.deleteIfExists(resolvConf(namespace).getParent());
        } catch (IOException e) {
            throw new LabException("cannot remove the lab's DNS files for " + namespace + ": " + e.getMessage(), e);
        }
    }

    /** The dnsmasq of the pid file, if it still runs as dnsmasq (a pid reused since is left alone); else 0. */
    private static long pid(String namespace) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(namespace)).trim());
            String comm = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim();
            return comm.equals("dnsmasq") ? pid : 0;
        } catch (IOException | NumberFormatException none) {
            return 0;
        }
    }

    static Path pidFile(String namespace) { return Path.of(RUN_DIR, namespace + "-dnsmasq.pid"); }

    static Path resolvConf(String namespace) { return Path.of("/etc/netns", namespace, "resolv.conf"); }

    /** Stops the server. */
    @Override
    public void close() { stop(namespace); }
}
