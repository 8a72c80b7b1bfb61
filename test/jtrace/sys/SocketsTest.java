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

    @Test
    void addressesRoundTripThroughInts() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("203.0.113.255");
        assertThat(Sockets.ipv4(a)).isEqualTo(0xcb0071ff);
        assertThat(Sockets.inet4(0xcb0071ff)).isEqualTo(a);
    }
}
