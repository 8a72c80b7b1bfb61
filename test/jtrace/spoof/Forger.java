package jtrace.spoof;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.net.Inet4Address;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jtrace.lab.InNamespace;
import jtrace.sys.ErrnoException;
import jtrace.sys.Native;
import jtrace.sys.NativeSocket;

/**
 * A hostile router: a raw IPPROTO_RAW socket (IP_HDRINCL implied) opened inside one lab namespace, which
 * sends whole IPv4 packets as given — any source address, any ICMP inside. The kernel fills in only the IP
 * checksum (and the id when 0).
 */
final class Forger implements AutoCloseable {
    private final NativeSocket socket;
    private final Pointer buffer = Memory.allocateDirect(Native.runtime(), 65536, true);
    private final Pointer sockaddr = Memory.allocateDirect(Native.runtime(), 16, true);
    private int sent;

    private Forger(NativeSocket socket) {
        this.socket = socket;
    }

    /** Opens the raw socket inside {@code namespace}. */
    static Forger in(String namespace) throws Exception {
        return new Forger(InNamespace.call(namespace, () -> NativeSocket.open(AF_INET, SOCK_RAW, IPPROTO_RAW, "forger raw socket")));
    }

    /** Sends the IPv4 packet {@code packet} (header included) towards {@code to}. */
    synchronized void send(byte[] packet, Inet4Address to) throws IOException {
        buffer.put(0, packet, 0, packet.length);
        byte[] address = to.getAddress();  // sockaddr_in: family (host order), port 0, address (network order)
        sockaddr.put(0, new byte[] {2, 0, 0, 0, address[0], address[1], address[2], address[3]}, 0, 8);
        if (Native.libc().sendto(socket.fd(), buffer, packet.length, 0, sockaddr, 16) < 0)
            throw new ErrnoException("sendto (forger)", Native.errno());
        sent++;
    }

    synchronized int sent() { return sent; }

    @Override
    public void close() { socket.close(); }
}
