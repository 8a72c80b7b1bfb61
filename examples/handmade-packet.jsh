///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
//
// A probe built by hand, field by field — the original design's make_ip and make_icmp_echo_request — then sent
// for real, byte for byte, and the router's answer decoded.
//
// Works against `jtrace lab`; sending needs root (a raw socket with IP_HDRINCL):
//   sudo ./jbang jtrace.java lab up chain
//   sudo ip netns exec jtl-chain-c ./jbang examples/handmade-packet.jsh
//   sudo ./jbang jtrace.java lab down
import static jtrace.Jtrace.*;

var src = "10.71.1.1";   // the lab's client: where we are
var dst = "10.71.6.2";   // the lab's destination, five routers away

// 1. The ICMP echo request: type 8, code 0, checksum, identifier, sequence number, then data.
byte[] payload = filler(32);                 // "@ABCDEFG…", traceroute's filler
byte[] echo = icmpEcho(0x1234, 1, payload);  // 8 + 32 = 40 bytes, checksum filled in
System.out.println("ICMP echo request (" + echo.length + " bytes):");
System.out.println(decode(echo));

// 2. The IPv4 header in front of it: version 4, 20 bytes long, total length 60, TTL 1, protocol 1 (ICMP).
byte[] ip = ipv4Header(src, dst, 1, IPPROTO_ICMP, echo.length);
System.out.println("IPv4 header (" + ip.length + " bytes): " + hex(ip));
System.out.printf("its checksum verifies: %s%n", checksum(ip) == 0);

// 3. Together they are the packet: 60 bytes, every one of them chosen by us.
byte[] packet = concat(ip, echo);
System.out.println();
System.out.println(hexdump(packet));
System.out.println(decode(packet));
//nb decode(packet)   // in the notebook: the same tree as a table, the bytes beside each field

// 4. Sent for real, byte for byte: send() hands our 60 bytes to a raw socket (IP_HDRINCL) and waits for the answer.
//    TTL 1, so the first router drops it and answers "time exceeded", quoting our packet.
var answer = send(packet);
System.out.println(answer.summary());
System.out.println("the bytes sent are ours: " + java.util.Arrays.equals(answer.sent(), packet));
if (answer.received() != null) {
    byte[] quoted = java.util.Arrays.copyOfRange(answer.received(), 28, 28 + packet.length);
    System.out.println("the router quoted them back unchanged: " + java.util.Arrays.equals(quoted, packet));
    System.out.println(answer);
}

// 5. The same with TTL 2: it passes the first router, which takes one off the TTL and so must recompute the
//    header checksum; the second router quotes what it received.
byte[] ttl2 = concat(ipv4Header(src, dst, 2, IPPROTO_ICMP, echo.length), echo);
var second = send(ttl2);
System.out.println(second.summary());
if (second.received() != null) {
    var quoted = second.receivedDecoded().layer("quoted IPv4");
    System.out.println("we sent TTL " + decode(ttl2).field("time to live").value() + " and checksum " + decode(ttl2).field("header checksum").value()
            + "; r2 received TTL " + quoted.field("time to live").value() + " and checksum " + quoted.field("header checksum").value()
            + " (" + quoted.field("header checksum").meaning() + ")");
}
