package jtrace.probe;

import java.io.IOException;
import java.net.InetAddress;

import jtrace.packet.AddressText;
import jtrace.sys.NativeSocket;
import jtrace.sys.Sockets;

/**
 * The MTU of the route to a target, as the kernel knows it (the interface's, or a smaller path MTU it learnt):
 * the most a packet the kernel will not fragment may carry. Hand-built packets (IP_HDRINCL, IPV6_HDRINCL) are
 * never fragmented, so a longer one fails at sendto with EMSGSIZE; asking first turns that into a usage error
 * before anything is printed.
 */
final class PathMtu {
    private PathMtu() {}

    /** The route's MTU, from a UDP socket connected the way the probes go (connect sends nothing). */
    static int of(InetAddress target, ProbeSettings options) throws IOException {
        IpFamily family = IpFamily.of(target);
        try (NativeSocket s = NativeSocket.open(family.domain, Sockets.SOCK_DGRAM, 0, "path MTU lookup to " + AddressText.of(target))) {
            if (options.device() != null) s.bindToDevice(options.device());
            if (options.source() != null) s.bind(options.source(), 0);
            s.connect(target, 33434);
            return s.getInt(family.level, family == IpFamily.V6 ? Sockets.IPV6_MTU : Sockets.IP_MTU);
        }
    }

    /** Refuses a packet length the route cannot carry unfragmented (a usage error: the user chose the length). */
    static void requireFits(InetAddress target, ProbeSettings options) throws ProbeSetupException {
        int mtu;
        try {
            mtu = of(target, options);
        } catch (IOException e) {
            return;  // no route known yet: sendto will say what is wrong
        }
        if (options.packetSize() > mtu)
            throw ProbeSetupException.badArgument("packet length " + options.packetSize() + " is more than the MTU of the way to "
                    + AddressText.of(target) + " (" + mtu + "): --raw sends hand-built packets, which are never fragmented;"
                    + " give at most " + mtu + ", or use -U or -I, whose packets the kernel fragments", null);
    }
}
