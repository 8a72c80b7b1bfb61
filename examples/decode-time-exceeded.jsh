///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
//
// A router's answer, decoded field by field: the "time exceeded" that router r1 of the lab sent back when our
// probe's TTL ran out, with our own probe quoted inside it.
//
// Works against `jtrace lab`. The first part decodes a reply captured there (no network needed); the second
// captures a fresh one, which needs root (only a raw socket sees the reply's bytes):
//   sudo ./jbang jtrace.java lab up chain
//   sudo ip netns exec jtl-chain-c ./jbang examples/decode-time-exceeded.jsh
//   sudo ./jbang jtrace.java lab down
import static jtrace.Jtrace.*;

// Captured in the chain lab on a raw ICMP socket of the client (10.71.1.1), as root, while jtrace sent one --raw
// probe with TTL 1 to 10.71.6.2: 88 bytes from r1 (10.71.1.2).
byte[] reply = bytes(
        "45c0 0058 dc4c 0000 4001 8708 0a47 0102 0a47 0101" +  // IPv4: r1 -> client, TTL 64, protocol 1 (ICMP)
        "0b00 f4ff 0000 0000" +                                 // ICMP: type 11 (time exceeded), code 0, checksum, unused
        "4500 003c 0001 0000 0101 9e30 0a47 0101 0a47 0602" +  // quoted: our probe's IPv4 header, TTL 1
        "0800 1a1c e8dd 0001" +                                 // quoted: our echo request, id 0xe8dd, seq 1
        "4041 4243 4445 4647 4849 4a4b 4c4d 4e4f 5051 5253 5455 5657 5859 5a5b 5c5d 5e5f");  // its data "@A…_"

// Every field: where it is, its bytes, its value and what it means.
var d = decode(reply);
System.out.println(d);

// The same bytes as a hex dump: a | after every field, a line for each layer.
System.out.println(hexdump(reply));

// Questions a reply answers:
System.out.println("who answered:            " + d.field("source").value());
System.out.println("why:                     " + d.layer("ICMP").field("type").meaning() + ", " + d.layer("ICMP").field("code").meaning());
System.out.println("about which probe:       to " + d.layer("quoted IPv4").field("destination").value()
        + ", echo id " + d.layer("quoted ICMP").field("identifier").value() + ", seq " + d.layer("quoted ICMP").field("sequence number").value());
System.out.println("TTL of our probe there:  " + d.layer("quoted IPv4").field("time to live").value() + " (it expired at this router)");
// Linux sends its answers with TTL 64 and each router on the way back takes one (lesson 1, part 4).
int replyTtl = Integer.parseInt(d.field("time to live").value());
int back = 64 - replyTtl;
System.out.println("TTL of the reply:        " + replyTtl + ": 64 - " + replyTtl + " = " + back + (back == 1 ? " router" : " routers")
        + " on the way back, so it is " + (back + 1) + (back == 0 ? " hop" : " hops") + " away");
System.out.println("all checksums correct:   " + d.fields().stream().filter(f -> f.name().contains("checksum")).allMatch(f -> f.meaning().equals("correct")));

// A fresh one from the lab: the same layout, other identification and echo id.
var p = probe("10.71.6.2", 1);
System.out.println();
System.out.println(p.summary());
if (p.received() != null) {
    var fresh = p.receivedDecoded();
    System.out.println("fresh capture, " + p.received().length + " bytes: " + fresh.layers().stream().map(l -> l.name()).toList());
    System.out.println(p.receivedHexdump());
} else {
    System.out.println("(not root: the kernel reported the reply's fields but no socket of yours sees its bytes)");
}
