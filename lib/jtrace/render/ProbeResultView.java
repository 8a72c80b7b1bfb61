package jtrace.render;

import jtrace.packet.Decoded;
import jtrace.packet.Hexdump;

/**
 * One probe and its answer as the HTML renderer reads it ({@code jtrace.ProbeResult} implements it); its
 * {@code toString()} is the text whose "received:" part is shown when no reply bytes were captured.
 */
public interface ProbeResultView {
    /** "TTL 1 to 10.71.6.2 (raw): time exceeded from 10.71.1.2 in 0.061 ms". */
    String summary();

    Decoded sentDecoded();

    Hexdump sentHexdump();

    /** The reply decoded, or null when no bytes were captured. */
    Decoded receivedDecoded();

    /** The reply's hex dump, or null without captured bytes. */
    Hexdump receivedHexdump();
}
