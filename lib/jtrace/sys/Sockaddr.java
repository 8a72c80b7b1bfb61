package jtrace.sys;

import static jtrace.sys.Sockets.*;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import jnr.ffi.Pointer;

/**
 * A socket address the kernel handed back (msg_name, the offender of an ICMP error), IPv4 or IPv6, parsed
 * into fields of a reused object: the receive path compares it to the addresses it expects without
 * allocating, and builds an InetAddress only for a reply it keeps. Valid until the next message is parsed.
 */
public final class Sockaddr {
    private int family = AF_UNSPEC;
    private final byte[] address = new byte[16];
    private int port, scopeId;

    /** Reads the sockaddr at {@code off}, of which {@code available} bytes are valid; anything else is AF_UNSPEC. */
    void read(Pointer p, long off, long available) {
        int f = available >= 2 ? familyAt(p, off) : AF_UNSPEC;
        if (f == AF_INET && available >= SOCKADDR_IN_SIZE) {
            family = AF_INET;
            port = u16At(p, off + 2);
            p.get(off + 4, address, 0, 4);
            scopeId = 0;
        } else if (f == AF_INET6 && available >= SOCKADDR_IN6_SIZE) {
            family = AF_INET6;
            port = u16At(p, off + 2);
            p.get(off + 8, address, 0, 16);
            scopeId = p.getInt(off + 24);
        } else {
            clear();  // none, another family, or too short to read: no address
        }
    }

    void clear() {
        family = AF_UNSPEC;
        port = 0;
        scopeId = 0;
    }

    /** AF_INET, AF_INET6, or AF_UNSPEC when there was none (or one this class cannot read). */
    public int family() { return family; }

    public int port() { return port; }

    /** The interface of a link-local IPv6 address (sin6_scope_id), else 0. */
    public int scopeId() { return scopeId; }

    /** 4 for IPv4, 16 for IPv6, 0 when there is no address. */
    public int addressLength() { return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0; }

    /** The IPv4 address as one int in network order (as {@link Sockets#ipv4}), or 0 if this is not IPv4. */
    public int ipv4() {
        return family == AF_INET ? (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff) : 0;
    }

    /** Whether this holds exactly these address bytes (4 for IPv4, 16 for IPv6). */
    public boolean hasAddress(byte[] bytes) {
        return bytes.length == addressLength() && Arrays.equals(address, 0, bytes.length, bytes, 0, bytes.length);
    }

    /** Copies the address bytes into {@code dst} (16 bytes of room); returns how many: 4, 16, or 0. */
    public int copyAddress(byte[] dst) {
        System.arraycopy(address, 0, dst, 0, addressLength());
        return addressLength();
    }

    /** The address as an InetAddress (allocates), or null when there is none. */
    public InetAddress toInetAddress() {
        try {
            return switch (family) {
                case AF_INET -> InetAddress.getByAddress(Arrays.copyOf(address, 4));
                case AF_INET6 -> Inet6Address.getByAddress(null, address.clone(), scopeId == 0 ? -1 : scopeId);
                default -> null;
            };
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public String toString() {
        InetAddress a = toInetAddress();
        if (a == null) return "family " + family;
        return (a instanceof Inet4Address ? a.getHostAddress() : "[" + jtrace.packet.AddressText.of(a) + "]") + ":" + port;
    }
}
