package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

class SocketsTest {
    @Test
    void sockaddrInIsFamilyHostOrderThenPortAndAddressInNetworkOrder() {
        Pointer p = Memory.allocateDirect(Native.runtime(), 16, true);
        Sockets.putSockaddrIn(p, 0, 0xc0000281, 33434);  // 192.0.2.129
        byte[] bytes = new byte[16];
        p.get(0, bytes, 0, 16);

        assertThat(bytes).containsExactly(2, 0, 0x82, 0x9a, 192, 0, 2, 129, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Sockets.familyAt(p, 0)).isEqualTo(Sockets.AF_INET);
        assertThat(Sockets.u16At(p, 2)).isEqualTo(33434);
        assertThat(Sockets.ipv4At(p, 4)).isEqualTo(0xc0000281);
    }

    /** sockaddr_in6: family, port big-endian, flow info, 16 address bytes at 8, scope id (host order) at 24. */
    @Test
    void sockaddrIn6IsFamilyPortFlowInfoAddressScope() throws Exception {
        Pointer p = Memory.allocateDirect(Native.runtime(), Sockets.SOCKADDR_IN6_SIZE, true);
        InetAddress a = java.net.Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 7);
        assertThat(Sockets.putSockaddr(p, 0, Sockets.AF_INET6, a, 33434)).isEqualTo(28);
        byte[] bytes = new byte[28];
        p.get(0, bytes, 0, 28);
        assertThat(jtrace.packet.Bytes.hex(bytes)).isEqualTo(
                "0a 00 82 9a 00 00 00 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 07 00 00 00");

        Sockaddr read = new Sockaddr();
        read.read(p, 0, 28);
        assertThat(read.family()).isEqualTo(Sockets.AF_INET6);
        assertThat(read.port()).isEqualTo(33434);
        assertThat(read.scopeId()).isEqualTo(7);
        assertThat(read.toInetAddress()).isEqualTo(a);
        assertThat(((java.net.Inet6Address) read.toInetAddress()).getScopeId()).isEqualTo(7);
        read.read(p, 0, 27);
        assertThat(read.addressLength()).as("a short sockaddr_in6 is not read").isZero();
        assertThat(read.toInetAddress()).isNull();
    }

    @Test
    void theWildcardIsWrittenForANullAddress() {
        Pointer p = Memory.allocateDirect(Native.runtime(), 32, true);
        p.putLong(8, -1);
        assertThat(Sockets.putSockaddr(p, 0, Sockets.AF_INET6, null, 0)).isEqualTo(28);
        assertThat(p.getLong(8) | p.getLong(16)).isZero();
        assertThat(Sockets.putSockaddr(p, 0, Sockets.AF_INET, null, 53)).isEqualTo(16);
        assertThat(Sockets.ipv4At(p, 4)).isZero();
    }

    @Test
    void addressesRoundTripThroughInts() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("203.0.113.255");
        assertThat(Sockets.ipv4(a)).isEqualTo(0xcb0071ff);
        assertThat(Sockets.inet4(0xcb0071ff)).isEqualTo(a);
    }
}
