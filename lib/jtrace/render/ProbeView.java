package jtrace.render;

import java.net.InetAddress;
import jtrace.probe.Reply;

/** One probe of a {@link HopView} as the renderers read it ({@code jtrace.Probe} implements it). */
public interface ProbeView {
    /** Send time in nanoseconds, on the clock of {@link Reply#received()}. */
    long sent();

    /** The matched reply, or null. */
    Reply reply();

    /** The reply that came after the probe was given up, or null. */
    Reply late();

    boolean answered();

    /** Who answered, or null. */
    InetAddress from();

    /** Round-trip time in ms, NaN for a timeout. */
    double rtt();
}
