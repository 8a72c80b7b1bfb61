///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
//
// Three ways to send a probe — UDP, ICMP over a ping socket, and raw — and which privilege each needs.
//
// Works against `jtrace lab`. Run it as root, then as yourself, and compare:
//   sudo ./jbang jtrace.java lab up chain
//   sudo ip netns exec jtl-chain-c ./jbang examples/methods.jsh
//   sudo ip netns exec jtl-chain-c setpriv --reuid=$(id -u) --regid=$(id -g) --init-groups ./jbang examples/methods.jsh
//   sudo ./jbang jtrace.java lab down
import static jtrace.Jtrace.*;
import jtrace.probe.Method;
import jtrace.sys.Privileges;

var host = args.length > 0 ? args[0] : "10.71.6.2";

// Who are we, for the kernel?
System.out.println("user id " + Privileges.euid() + (canUseRaw() ? ": may open raw sockets (root or CAP_NET_RAW)" : ": no raw sockets"));
System.out.println("net.ipv4.ping_group_range = " + Privileges.pingGroupRangeText()
        + (Privileges.pingSocketsAllowed() ? ": your group may open ping sockets" : ": your group may not open ping sockets"));

for (Method m : List.of(Method.UDP, Method.ICMP, Method.RAW)) {  // three methods, three privileges (-T, TCP, is in the README)
    System.out.println();
    System.out.println("== " + m + ": needs " + m.needs());
    try {
        // One probe to the first router: what this method hands the kernel, and what it gets back.
        var p = probe(host, 1, options().method(m));
        System.out.println(p.summary());
        System.out.println("hands the kernel " + p.sent().length + " bytes: " + switch (m) {
            case UDP -> "only the data; the kernel writes the UDP and IPv4 headers";
            case ICMP -> "the ICMP echo request; the kernel writes the IPv4 header";
            case RAW -> "the whole IPv4 packet, header included";
            default -> "(not shown here)";
        });
        System.out.println("sees the reply's bytes: " + (p.received() != null ? "yes, " + p.received().length : "no, only its fields"));
        // A whole trace with this method, one probe per hop.
        System.out.print(trace(host, options().method(m).queries(1)));
    } catch (RuntimeException e) {
        System.out.println("not for you: " + e.getMessage());
    }
}
