package jtrace.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import jtrace.probe.Reply;
import org.junit.jupiter.api.Test;

/** One table: the decoder's words, the trace marks and Atlas's err agree for every type and code. */
class IcmpMeaningsTest {
    private static Reply reply(boolean v6, int type, int code) throws Exception {
        InetAddress from = InetAddress.getByName(v6 ? "fd00::1" : "10.0.0.1");
        return new Reply(0, from, type, code, 0, 64, from, 1280);
    }

    @Test
    void theDecodersWordsCarryTheMarkTheTracePrints() throws Exception {
        for (boolean v6 : new boolean[] {false, true})
            for (int type = 0; type < 256; type++)
                for (int code = 0; code < 16; code++) {
                    String mark = reply(v6, type, code).annotation();
                    String words = v6 ? Meanings.icmp6Code(type, code) : Meanings.icmpCode(type, code);
                    String shown = mark.startsWith("!F") ? "!F" : mark;
                    if (!mark.isEmpty() && !mark.startsWith("!<"))
                        assertThat(words).as("v6=%s type %d code %d", v6, type, code).endsWith("(" + shown + ")");
                    else
                        assertThat(words).as("v6=%s type %d code %d", v6, type, code).doesNotContain("(!");
                }
    }

    @Test
    void icmpv6UnreachableCodesReadAsTracerouteSixMarksThem() {
        assertThat(Meanings.icmp6Code(1, 2)).isEqualTo("beyond scope of source address (!H)");
        assertThat(Meanings.icmp6Code(1, 5)).isEqualTo("source address failed ingress/egress policy");
        assertThat(Meanings.icmp6Code(1, 6)).isEqualTo("reject route to destination");
        assertThat(Icmpv6Message.codeName(1, 3)).isEqualTo("address unreachable");
    }

    @Test
    void atlasErrFollowsTheSameTable() throws Exception {
        for (boolean v6 : new boolean[] {false, true})
            for (int code = 0; code < 16; code++) {
                int type = v6 ? 1 : 3;
                String mark = reply(v6, type, code).annotation();
                Object err = IcmpMeanings.atlasErr(v6, type, code);
                if (mark.equals("!X")) assertThat(err).as("code %d", code).isEqualTo("A");
                if (mark.isEmpty() || mark.startsWith("!F")) assertThat(err).as("code %d", code).isNull();
                if (mark.equals("!N") && err instanceof String s) assertThat(s).isEqualTo("N");
            }
        assertThat(IcmpMeanings.atlasErr(true, 2, 0)).as("packet too big: reported as mtu").isNull();
        assertThat(IcmpMeanings.atlasErr(false, 11, 0)).isNull();
    }
}
