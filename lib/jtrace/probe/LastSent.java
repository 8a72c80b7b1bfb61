package jtrace.probe;

/** For teaching: the bytes the last {@code send} handed to the kernel. */
public interface LastSent {
    /**
     * A copy of the last probe as given to sendto: for {@code raw} the whole IPv4 packet, for {@code icmp}
     * the ICMP echo request, for {@code udp} the UDP payload (the kernel adds the headers). Empty before
     * the first send.
     */
    byte[] lastSent();
}
