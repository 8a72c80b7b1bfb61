package jtrace.sys;

import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Network interfaces by name and number, as the kernel sees them from the calling thread — which matters
 * after setns(2): the JDK's NetworkInterface partly reads /proc/self/net, the namespace of the process, so
 * on a thread that entered another namespace it can find the wrong interface or none.
 */
public final class Interfaces {
    private Interfaces() {}

    private static final int IF_NAMESIZE = 16;

    /** The interface's number (a link-local address's zone), or 0 when there is no such interface. */
    public static int index(String name) {
        if (name == null || name.isEmpty() || name.length() >= IF_NAMESIZE) return 0;
        return Native.libc().if_nametoindex(name);
    }

    /** The name of interface {@code index}, or null when there is none. */
    public static String name(int index) {
        if (index <= 0) return null;
        Pointer buffer = Memory.allocateDirect(Native.runtime(), IF_NAMESIZE, true);
        return Native.libc().if_indextoname(index, buffer) == null ? null : buffer.getString(0);
    }

    /**
     * An IPv6 address in zone {@code scopeId} (0: none). When the JDK's view of that interface agrees with
     * the kernel's, the address carries the interface and prints with its name ("fe80::1%eth0"); otherwise
     * it carries the number ("fe80::1%12") — never another interface's name.
     */
    public static Inet6Address scoped(byte[] address, int scopeId) {
        try {
            if (scopeId == 0) return Inet6Address.getByAddress(null, address, -1);
            String name = name(scopeId);
            try {
                NetworkInterface nif = name == null ? null : NetworkInterface.getByIndex(scopeId);
                if (nif != null && nif.getName().equals(name)) return Inet6Address.getByAddress(null, address, nif);
            } catch (SocketException | UnknownHostException notVisibleToTheJdk) {
                // fall through to the number
            }
            return Inet6Address.getByAddress(null, address, scopeId);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length, e);
        }
    }
}
