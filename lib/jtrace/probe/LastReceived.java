package jtrace.probe;

/** For teaching: the bytes of the last reply a method matched, when its socket sees them. */
public interface LastReceived {
    /**
     * A copy of the whole packet (IP header first) of the last reply that {@code receive} returned, as a raw
     * socket read it; empty when this socket never sees reply bytes (a ping socket, the UDP error queue).
     */
    byte[] lastReceived();
}
