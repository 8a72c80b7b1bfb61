package jtrace.render;

import java.net.InetAddress;
import jtrace.packet.Decoded;
import jtrace.packet.Hexdump;
import jtrace.probe.Method;
import jtrace.probe.Reply;

/** One probe and its answer as the renderers read it ({@code jtrace.ProbeResult} implements it). */
public interface ProbeResultView {
    InetAddress target();

    Method method();

    int ttl();

    /** Exactly what was handed to the kernel. */
    byte[] sent();

    /** The answer, or null when none came in time. */
    Reply reply();

    /** Round trip in ms, NaN without answer. */
    double rtt();

    /** The whole reply packet as captured, or null when the socket cannot see it. */
    byte[] received();

    /** UDP: the destination port; TCP: the port the SYN went to; else 0. */
    int port();

    Decoded sentDecoded();

    Hexdump sentHexdump();

    /** The reply decoded, or null when no bytes were captured. */
    Decoded receivedDecoded();

    /** The reply's hex dump, or null without captured bytes. */
    Hexdump receivedHexdump();
}
