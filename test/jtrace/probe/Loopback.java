package jtrace.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Shared helpers for tests that probe 127.0.0.1. */
final class Loopback {
    private Loopback() {}

    static final InetAddress LOCALHOST = address("127.0.0.1");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The TTL this host gives its own packets, ICMP errors included (net.ipv4.ip_default_ttl, usually 64). */
    static int defaultTtl() throws IOException {
        // readAllLines, not readString: the latter gets only the first byte of a /proc/sys file.
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_default_ttl")).get(0).trim());
    }

    /** Open socket descriptors of this JVM (other fds come and go: the JDK closes child-process pipes lazily). */
    static int openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.filter(Loopback::isSocket).count();
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            return false;  // closed while we looked: the directory listing itself
        }
    }

    /** Sends keys 0..n-1 back to back, then collects replies for up to {@code seconds}: key -> reply. */
    static Map<Integer, Reply> burst(ProbeMethod method, int ttl, int n, double seconds) throws IOException {
        for (int key = 0; key < n; key++) method.send(ttl, key);
        Map<Integer, Reply> replies = new HashMap<>();
        long deadline = method.now() + (long) (seconds * 1e9);
        for (Reply r; replies.size() < n && (r = method.receive(deadline)) != null; ) replies.put(r.key(), r);
        return replies;
    }
}
