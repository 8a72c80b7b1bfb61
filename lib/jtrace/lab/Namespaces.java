package jtrace.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import jtrace.sys.LibC;
import jtrace.sys.Native;

/** Named network namespaces as iproute2 keeps them: bind mounts under /var/run/netns. */
final class Namespaces {
    private Namespaces() {}

    static final Path RUN_DIR = Path.of("/var/run/netns");

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int EPERM = 1;

    /** Names of the existing namespaces that start with {@code prefix}, sorted. */
    static List<String> existing(String prefix) {
        if (!Files.isDirectory(RUN_DIR)) return List.of();
        try (Stream<Path> entries = Files.list(RUN_DIR)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new LabException("cannot list " + RUN_DIR + ": " + e.getMessage(), e);
        }
    }

    /** Deletes these namespaces (stopping a lab DNS server in them); ones already gone are fine. Their veths vanish with them. */
    static void delete(List<String> namespaces) {
        if (namespaces.isEmpty()) return;
        Commands.requireRoot();
        namespaces.forEach(LabDns::stop);  // a DNS server left inside would keep the namespace alive, unnamed
        ResponderProcess.stopIn(namespaces);  // the MPLS responder holds a device in one of them: the same
        String script = String.join("\n", Wiring.deleteBatch(namespaces)) + "\n";
        Commands.run(List.of(Commands.ip(), "-force", "-batch", "-"), script);
        List<String> left = namespaces.stream().filter(ns -> Files.exists(RUN_DIR.resolve(ns))).toList();
        if (!left.isEmpty()) throw new LabException("could not delete namespaces " + left + ": is something still using them?");
    }

    /**
     * Runs {@code body} on a new thread that first enters {@code namespace}'s network namespace. setns
     * moves only the calling thread, hence the fresh thread; sockets it opens stay in the namespace for
     * good, whichever thread uses them later.
     */
    static <T> T call(String namespace, Callable<T> body) throws Exception {
        var result = new CompletableFuture<T>();
        Thread worker = new Thread(() -> {
            try {
                enter(namespace);
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "in-" + namespace);
        worker.setDaemon(true); // a body still running must not keep the JVM alive after its caller gave up
        worker.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    private static void enter(String namespace) {
        LibC libc = Native.libc();
        Path file = RUN_DIR.resolve(namespace);
        int fd = libc.open(file.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new LabException("cannot open " + file + ": " + Native.describe(Native.errno()) + " (is the lab up?)");
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                int errno = Native.errno();
                if (errno == EPERM) throw new LabException("entering the lab's namespace needs root: run it with sudo");
                throw new LabException("cannot enter namespace " + namespace + ": " + Native.describe(errno));
            }
        } finally {
            libc.close(fd);
        }
    }
}
