///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
//
// The Internet checksum (RFC 1071) by hand, then checked on a packet that really crossed the lab.
//
// Works against `jtrace lab` (the first part needs no network at all):
//   sudo ./jbang jtrace.java lab up chain
//   sudo ip netns exec jtl-chain-c ./jbang examples/checksum.jsh
//   sudo ./jbang jtrace.java lab down
import static jtrace.Jtrace.*;

// An IPv4 header for a probe from the lab's client to its destination, TTL 1, ICMP inside (40 bytes).
byte[] header = ipv4Header("10.71.1.1", "10.71.6.2", 1, IPPROTO_ICMP, 40);
System.out.println("the header:        " + hex(header));

// 1. Set the checksum field (bytes 10 and 11) to zero: the sender computes it over a header without it.
byte[] zeroed = header.clone();
zeroed[10] = 0;
zeroed[11] = 0;

// 2. Add the header up as 16-bit words (byte pairs, big-endian).
long sum = 0;
for (int i = 0; i < zeroed.length; i += 2) {
    int word = (zeroed[i] & 0xff) << 8 | (zeroed[i + 1] & 0xff);
    sum += word;
    System.out.printf("  + %04x = %05x%n", word, sum);
}

// 3. Fold the carries (what went past 16 bits) back in, until nothing is left over.
while ((sum >> 16) != 0) {
    sum = (sum & 0xffff) + (sum >> 16);
    System.out.printf("  fold   = %04x%n", sum);
}

// 4. Complement (flip every bit): that is the checksum.
int mine = (int) (~sum & 0xffff);
System.out.printf("by hand:           %04x%n", mine);
System.out.printf("checksum(zeroed):  %04x%n", checksum(zeroed));
System.out.printf("in the header:     %02x%02x%n", header[10], header[11]);

// 5. The receiver's check: the sum over the whole header, checksum included, comes out as 0.
System.out.printf("checksum(header):  %04x  (0 means correct)%n", checksum(header));

// 6. Change one bit, as a bad cable would: the check fails.
header[8] ^= 1;
System.out.printf("one bit flipped:   %04x  (not 0: the receiver drops the packet)%n", checksum(header));

// 7. The same check on real packets in the lab: the ICMP message jtrace sent, and (as root) the router's reply.
var p = probe("10.71.6.2", 1);
System.out.println();
System.out.println(p.summary());
System.out.println("the probe's " + p.sentDecoded().layers().get(p.sentDecoded().layers().size() - 1).name() + " checksum: "
        + p.sentDecoded().field("checksum").meaning());
if (p.received() != null) {
    System.out.println("the reply's IPv4 header checksum: " + p.receivedDecoded().field("header checksum").meaning());
    System.out.println("the reply's ICMP checksum: " + p.receivedDecoded().layer("ICMP").field("checksum").meaning());
}
