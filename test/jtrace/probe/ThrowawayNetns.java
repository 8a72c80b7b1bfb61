package jtrace.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import jtrace.sys.Native;
import jtrace.sys.Privileges;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Network namespaces made with ip(8) for one test, deleted on close. Code runs inside one on a fresh thread
 * that entered it with setns(2): a network namespace is per thread, so sockets opened there live there.
 */
final class ThrowawayNetns implements AutoCloseable {
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000, CLONE_NEWNET = 0x40000000;
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** Skips the calling test, saying why, unless we may create namespaces. */
    static void assumeRoot() {
        assumeTrue(Privileges.isRoot(), "skipped: needs root to create network namespaces (run the tests as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "skipped: needs ip(8) from iproute2");
    }

    /** A new namespace with lo up; returns its name. */
    String add(String role) throws IOException, InterruptedException {
        String name = "jtx-" + role + "-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
        sh("ip netns add " + name);
        names.add(name);
        in(name, "ip link set lo up");
        return name;
    }

    /** Runs a shell command inside namespace {@code name}. */
    void in(String name, String command) throws IOException, InterruptedException {
        sh("ip netns exec " + name + " sh -c '" + command + "'");
    }

    static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out;
        try (var stdout = p.getInputStream()) {  // closed now, not whenever the JDK's reaper gets to it
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) throw new IOException("`" + command + "` failed: " + out.trim());
        return out;
    }

    /** Calls {@code task} on a new thread inside namespace {@code name}. */
    <T> T call(String name, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter(name);
            return task.call();
        });
        Thread thread = new Thread(future, "in-" + name);
        thread.start();
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;  // failed assertions inside the namespace
            throw e;
        }
    }

    private static void enter(String name) throws IOException {
        int fd = Native.libc().open("/var/run/netns/" + name, O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw new IOException("open netns " + name + ": " + Native.describe(Native.errno()));
        try {
            if (Native.libc().setns(fd, CLONE_NEWNET) != 0) throw new IOException("setns " + name + ": " + Native.describe(Native.errno()));
        } finally {
            Native.libc().close(fd);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            for (String name : names) sh("ip netns del " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting " + names, e);
        }
        names.clear();
    }
}
