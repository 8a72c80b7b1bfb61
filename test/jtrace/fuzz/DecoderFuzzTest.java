package jtrace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jtrace.packet.Decoded;
import jtrace.packet.Decoder;
import jtrace.packet.Hexdump;
import jtrace.packet.Part;

/**
 * decode() — the Wireshark-style field tree people read — promises more than the codecs: it never throws,
 * not even its parse error; what it cannot read becomes a Problem part. Every part it returns lies inside
 * the bytes it was given, and the tree, the field list and the hex dump all render.
 * Inputs: DecoderFuzzTestInputs/&lt;method&gt;/.
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "3m")
    void decode(byte[] packet) { check(packet, Decoder.decode(packet)); }

    @FuzzTest(maxDuration = "3m")
    void icmp(byte[] message) { check(message, Decoder.icmp(message)); }

    @FuzzTest(maxDuration = "3m")
    void icmpv6(byte[] message) { check(message, Decoder.icmpv6(message)); }

    @FuzzTest(maxDuration = "3m")
    void udp(byte[] datagram) { check(datagram, Decoder.udp(datagram)); }

    private static void check(byte[] input, Decoded d) {
        assertThat(d.bytes()).isEqualTo(input);
        for (Part p : d.fields()) within(input, p);
        for (Part p : d.layers()) within(input, p);
        for (Part p : d.problems()) within(input, p);
        assertThat(d.toString()).isNotNull();
        assertThat(Hexdump.of(d).text()).isNotNull();
        for (var f : d.fields()) f.bits(input);
    }

    private static void within(byte[] input, Part p) {
        assertThat(p.offset()).as("%s starts inside the %d bytes", p, input.length).isBetween(0, input.length);
        assertThat(p.length()).as("%s", p).isBetween(0, input.length - p.offset());
    }
}
