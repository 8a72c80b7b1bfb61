package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import jtrace.probe.Method;
import jtrace.Options;

/** The probe methods as a user meets them, for the tests against a real router (IPv4 and IPv6 alike). */
final class Variants {
    private Variants() {}

    /**
     * Opens "udp", "ping" (-I on a ping socket), "icmp-raw" (-I's raw fallback) or "raw" (--raw) in namespace
     * {@code ns} of {@code lab}, whose ping_group_range it opens for "ping" only; checks which socket -I got.
     * Call it on a thread inside that namespace ({@link ThrowawayNetns#call}).
     */
    static ProbeMethod open(ThrowawayNetns lab, String ns, String variant, InetAddress target, Options options) throws Exception {
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"" + (variant.equals("ping") ? "0 2147483647" : "1 0") + "\"");
        Method method = switch (variant) {
            case "udp" -> Method.UDP;
            case "ping", "icmp-raw" -> Method.ICMP;
            default -> Method.RAW;
        };
        ProbeMethod opened = Methods.open(method, target, options.probeSettings());
        if (opened instanceof IcmpMethod icmp) assertThat(icmp.usesPingSocket()).isEqualTo(variant.equals("ping"));
        return opened;
    }
}
