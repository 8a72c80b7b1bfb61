package jtrace.sys;

import static jtrace.sys.Sockets.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/**
 * Names to addresses through the C library's getaddrinfo(3), as traceroute does: the addresses come in the
 * order the system prefers (RFC 6724 rules, /etc/gai.conf), which the JDK's own resolver does not keep (it
 * puts IPv4 first unless told otherwise). traceroute traces the first one.
 */
public final class Resolver {
    private Resolver() {}

    private static final int ADDRINFO_SIZE = 48, AI_FAMILY = 4, AI_SOCKTYPE = 8, AI_ADDRLEN = 16, AI_ADDR = 24, AI_NEXT = 40;

    /**
     * Every address of {@code host} in getaddrinfo's order; {@code family} is AF_UNSPEC, AF_INET or AF_INET6.
     * Throws UnknownHostException with getaddrinfo's own words ("Name or service not known").
     */
    public static List<InetAddress> lookup(String host, int family) throws UnknownHostException {
        Pointer hints = Memory.allocateDirect(Native.runtime(), ADDRINFO_SIZE, true);
        hints.putInt(AI_FAMILY, family);
        hints.putInt(AI_SOCKTYPE, SOCK_DGRAM);  // one entry per address, not one per socket type
        PointerByReference result = new PointerByReference();
        int code = Native.libc().getaddrinfo(host, null, hints, result);
        if (code != 0) throw new UnknownHostException(host + ": " + Native.libc().gai_strerror(code));
        List<InetAddress> addresses = new ArrayList<>();
        Sockaddr address = new Sockaddr();
        try {
            for (Pointer ai = result.getValue(); ai != null; ai = ai.getPointer(AI_NEXT)) {
                Pointer sockaddr = ai.getPointer(AI_ADDR);
                if (sockaddr == null) continue;
                address.read(sockaddr, 0, ai.getInt(AI_ADDRLEN));
                InetAddress a = address.family() == AF_INET6
                        ? Interfaces.scoped(address16(address), address.scopeId())
                        : address.toInetAddress();
                if (a != null && !addresses.contains(a)) addresses.add(a);
            }
        } finally {
            Native.libc().freeaddrinfo(result.getValue());
        }
        return addresses;
    }

    private static byte[] address16(Sockaddr a) {
        byte[] b = new byte[16];
        a.copyAddress(b);
        return b;
    }
}
