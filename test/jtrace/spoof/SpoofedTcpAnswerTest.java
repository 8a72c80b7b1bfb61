package jtrace.spoof;

import static jtrace.fuzz.RawTcpSeeds.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import jtrace.fuzz.RawTcpSeeds;
import jtrace.fuzz.Seeds;
import jtrace.packet.Ipv4Header;
import jtrace.packet.TcpHeader;
import jtrace.probe.RawTcpMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spoofed answers to raw SYNs (-T as root) never match, tested on the bytes the raw sockets would read
 * ({@link RawTcpMatcher} does no I/O): a SYN-ACK or RST from another address, from or to another port, for another
 * trace's sequence numbers, without ACK, without SYN or RST, cut short, with a lying length or a data offset no
 * segment has; an ICMP error quoting someone else's probe (another target, port or trace), quoting UDP, a quote cut
 * inside the 8 bytes RFC 792 promises, a bad checksum, an echo reply or a redirect that quotes our SYN. The answers that are ours match, each with the key
 * of the probe it answers — a reply to probe 8 is never taken for probe 7, and the engine drops a key not in flight.
 */
class SpoofedTcpAnswerTest {
    static Stream<Arguments> lies() {
        Stream.Builder<Arguments> lies = Stream.builder();
        add(lies, "answerV4", RawTcpSeeds.answersV4());
        add(lies, "errorV4", RawTcpSeeds.errorsV4());
        add(lies, "answerV6", RawTcpSeeds.answersV6());
        add(lies, "errorV6", RawTcpSeeds.errorsV6());
        return lies.build();
    }

    private static void add(Stream.Builder<Arguments> lies, String socket, Map<String, byte[]> seeds) {
        seeds.forEach((name, bytes) -> { if (!name.endsWith("-ours")) lies.add(Arguments.of(socket, name, bytes)); });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("lies")
    void aLieDoesNotMatch(String socket, String lie, byte[] bytes) {
        assertThat(read(socket, bytes, Seeds.TARGET6.getAddress())).as(lie).isFalse();
    }

    @Test
    void ourAnswersMatchWithTheKeyTheyAcknowledge() {
        RawTcpMatcher m = v4();
        byte[] synAck = RawTcpSeeds.answersV4().get("syn-ack-ours");
        assertThat(m.answer(synAck, synAck.length, null, 0, -1)).isTrue();
        assertThat(m.key).isEqualTo(KEY);
        assertThat(m.flags).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        byte[] toProbe8 = answerV4(Seeds.TARGET, Seeds.CLIENT, segment(PORT, SOURCE_PORT, SEQUENCE_BASE | 8, TcpHeader.RST | TcpHeader.ACK,
                Seeds.TARGET, Seeds.CLIENT));
        assertThat(m.answer(toProbe8, toProbe8.length, null, 0, -1)).isTrue();
        assertThat(m.key).as("the probe it answers, not the last one matched").isEqualTo(8);
        byte[] error = RawTcpSeeds.errorsV4().get("frag-needed-ours");
        assertThat(m.error(error, error.length, null, 0, -1)).isTrue();
        assertThat(m.key).isEqualTo(KEY);
        assertThat(m.mtu).isEqualTo(1280);
        assertThat(m.quote().ipId()).as("our SYN's IP ID, as quoted").isEqualTo(3);
    }

    @Test
    void anIpv6AnswerFromAnotherAddressDoesNotMatch() {
        byte[] synAck = RawTcpSeeds.answersV6().get("syn-ack-ours");
        assertThat(read("answerV6", synAck, Seeds.TARGET6.getAddress())).as("from the target").isTrue();
        assertThat(read("answerV6", synAck, Seeds.ELSEWHERE6.getAddress())).as("the same bytes from elsewhere").isFalse();
        assertThat(read("answerV6", synAck, Seeds.ELSEWHERE.getAddress())).as("from an IPv4 address").isFalse();
    }

    @Test
    void aPacketShorterThanItsLengthSaysIsRefusedWhereverItIsCut() {
        byte[] synAck = RawTcpSeeds.answersV4().get("syn-ack-ours");
        byte[] error = RawTcpSeeds.errorsV4().get("time-exceeded-ours");
        RawTcpMatcher m = v4();
        for (int n = 0; n < synAck.length; n++) assertThat(m.answer(synAck, n, null, 0, -1)).as("answer cut at " + n).isFalse();
        for (int n = 0; n < error.length; n++) assertThat(m.error(error, n, null, 0, -1)).as("error cut at " + n).isFalse();
        assertThat(Ipv4Header.MIN_LENGTH + TcpHeader.MIN_LENGTH).isEqualTo(synAck.length);
    }

    private static RawTcpMatcher v4() {
        return new RawTcpMatcher(Seeds.TARGET.getAddress(), Seeds.CLIENT.getAddress(), SOURCE_PORT, PORT, SEQUENCE_BASE);
    }

    private static boolean read(String socket, byte[] bytes, byte[] v6Sender) {
        RawTcpMatcher v6 = new RawTcpMatcher(Seeds.TARGET6.getAddress(), Seeds.CLIENT6.getAddress(), SOURCE_PORT, PORT, SEQUENCE_BASE);
        return switch (socket) {
            case "answerV4" -> v4().answer(bytes, bytes.length, null, 0, -1);
            case "errorV4" -> v4().error(bytes, bytes.length, null, 0, -1);
            case "answerV6" -> v6.answer(bytes, bytes.length, v6Sender, v6Sender.length, Seeds.HOP_LIMIT);
            case "errorV6" -> v6.error(bytes, bytes.length, Seeds.ROUTER6.getAddress(), 16, Seeds.HOP_LIMIT);
            default -> throw new AssertionError(socket);
        };
    }
}
