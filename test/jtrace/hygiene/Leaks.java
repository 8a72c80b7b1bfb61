package jtrace.hygiene;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a piece of code leaves open in this JVM: file descriptors (from /proc/self/fd, with what each points
 * to: "socket:[123]", a path…) and live threads. Take a {@link #snapshot()} before, run the code, then
 * {@link #since} lists what is new. Warm up first: the JVM opens jar files and starts some threads of its
 * own the first time a feature is used, and keeps them.
 */
public final class Leaks {
    private Leaks() {}

    public record Snapshot(Map<Integer, String> fds, Set<Thread> threads) {
        public long sockets() { return fds.values().stream().filter(t -> t.startsWith("socket:")).count(); }
    }

    public static Snapshot snapshot() {
        return new Snapshot(openFds(), liveThreads());
    }

    /**
     * Descriptors open now that were not open before (or now point elsewhere), and threads alive now that
     * were not before. Threads being shut down get up to {@code settleMillis} to finish.
     */
    public static List<String> since(Snapshot before, long settleMillis) throws InterruptedException {
        long deadline = System.nanoTime() + settleMillis * 1_000_000;
        List<Thread> newThreads;
        do {
            newThreads = liveThreads().stream().filter(t -> !before.threads().contains(t)).toList();
            for (Thread t : newThreads) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 / Math.max(1, newThreads.size())));
        } while (!newThreads.isEmpty() && System.nanoTime() < deadline && newThreads.stream().anyMatch(Thread::isAlive));
        List<String> leaks = new ArrayList<>();
        openFds().forEach((fd, target) -> {
            if (!target.equals(before.fds().get(fd))) leaks.add("fd " + fd + " -> " + target);
        });
        for (Thread t : newThreads) if (t.isAlive()) leaks.add("thread '" + t.getName() + "'" + (t.isDaemon() ? " (daemon)" : ""));
        return leaks;
    }

    /** fd number to what it points to; the directory stream's own fd is left out. */
    public static Map<Integer, String> openFds() {
        Map<Integer, String> fds = new TreeMap<>();
        Path dir = Path.of("/proc/self/fd");
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e, e);
        }
        for (Path p : entries) {
            try {
                String target = Files.readSymbolicLink(p).toString();
                // The JVM's container support reads cgroup files now and then, on its own: not ours to close.
                if (!target.startsWith("/sys/fs/cgroup/")) fds.put(Integer.parseInt(p.getFileName().toString()), target);
            } catch (NoSuchFileException closedMeanwhile) {
                // the stream's own descriptor, or one closed by another thread while we looked
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + p + ": " + e, e);
            }
        }
        return fds;
    }

    public static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.isAlive()) live.add(t);
        return live;
    }
}
