package jtrace.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import jtrace.Hop;
import jtrace.Probe;
import jtrace.probe.Reply;
import org.junit.jupiter.api.Test;

/**
 * The hop line's numbers are what String.format("%2d") and ("%.3f") print in the default locale — built without
 * java.util.Formatter where the locale writes plain digits with a '.', through it elsewhere.
 */
class HopLineNumbersTest {
    /** Answered after these many nanoseconds; 92_500 ns is 0.0925 ms, a tie that rounds up as printf does. */
    private static Hop hop(int ttl, long... rttNanos) {
        List<Probe> probes = new java.util.ArrayList<>();
        for (long rtt : rttNanos)
            probes.add(new Probe(ttl, 0, RenderTest.T0, new Reply(0, RenderTest.ip("10.0.0.1"), 11, 0, RenderTest.T0 + rtt, 64,
                    RenderTest.ip("10.9.9.9"), 0)));
        return new Hop(ttl, probes);
    }

    private static String line(Locale locale, Hop hop) {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, locale);
        try {
            return TraceText.hopLine(hop, a -> null, a -> null, 0);
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    @Test
    void plainDigitsWithAPointAsPrintfWritesThem() {
        Hop five = hop(5, 92_500, 1_000_000, 12_345_678, 4_000);
        for (Locale l : List.of(Locale.ROOT, Locale.US, Locale.UK, Locale.ENGLISH))
            assertThat(line(l, five)).as(l.toString()).isEqualTo(" 5  10.0.0.1  0.093 ms  1.000 ms  12.346 ms  0.004 ms");
        assertThat(line(Locale.US, hop(12, 999_999_500L))).isEqualTo("12  10.0.0.1  1000.000 ms");
        assertThat(line(Locale.US, hop(255, 500))).isEqualTo("255  10.0.0.1  0.001 ms");
    }

    @Test
    void otherLocalesKeepTheirOwnDigitsAndSeparator() {
        Hop five = hop(5, 92_500, 1_000_000);
        assertThat(line(Locale.GERMANY, five)).isEqualTo(" 5  10.0.0.1  0,093 ms  1,000 ms");
        Locale arabic = Locale.forLanguageTag("ar-EG");
        assertThat(line(arabic, five)).isEqualTo(String.format(arabic, "%2d ", 5) + " 10.0.0.1"
                + String.format(arabic, "  %.3f ms", 0.0925) + String.format(arabic, "  %.3f ms", 1.0));
    }
}
