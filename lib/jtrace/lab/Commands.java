package jtrace.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jtrace.sys.Platform;

/** Runs the system tools the lab is made of, and says in one line what is missing when one is. */
final class Commands {
    private Commands() {}

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    // sudo and cron often run with a PATH that lacks the sbin directories where ip lives.
    private static final List<String> EXTRA_PATH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** Absolute path of iproute2's ip, or a one-line error saying how to get it. */
    static String ip() {
        return find("ip").orElseThrow(() -> new LabException("the lab needs iproute2 (ip): install it, e.g. apt-get install iproute2"));
    }

    /** Absolute path of nftables' nft (the nat scenario's masquerade, the firewall's filter), or a one-line error saying how to get it. */
    static String nft() {
        return find("nft").orElseThrow(() -> new LabException("the nat and firewall labs need nftables (nft): install it, e.g. apt-get install nftables"));
    }

    /** Throws unless this process runs as root: namespaces, veths and setns all need it. */
    static void requireRoot() {
        if (!isRoot()) throw new LabException("the lab needs root: run it with sudo");
    }

    static boolean isRoot() {
        try {
            // "Uid:	real	effective	saved	fs": the effective uid decides.
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException notLinux) {
            return false;
        }
        return false;
    }

    static Optional<String> find(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(":")));
        dirs.addAll(EXTRA_PATH);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    /** Runs {@code command} to completion, feeding it {@code stdin} (may be null). */
    static CommandOutput run(List<String> command, String stdin) {
        return start(command, stdin).await();
    }

    /** Starts {@code command} without waiting, so several can run at once. */
    static Running start(List<String> command, String stdin) {
        Platform.requireSupported();  // every lab action runs ip (or useradd): Linux's tools
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LabException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        // Read both streams off-thread so a chatty command never blocks on a full pipe.
        var out = drain(process.getInputStream(), command.get(0) + " stdout");
        var err = drain(process.getErrorStream(), command.get(0) + " stderr");
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited before reading its input; its exit code and stderr tell why.
        }
        return new Running(command, process, out, err);
    }

    /** A started command. */
    record Running(List<String> command, Process process, CompletableFuture<String> out, CompletableFuture<String> err) {
        CommandOutput await() {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new LabException(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + " s");
                }
                return new CommandOutput(command, process.exitValue(), lines(out.get()), lines(err.get()));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while running " + command.get(0), e);
            } catch (ExecutionException e) {
                throw new LabException("cannot read the output of " + command.get(0) + ": " + e.getCause().getMessage(), e);
            }
        }
    }

    // A thread of its own, not the common pool: reading blocks until the command exits.
    private static CompletableFuture<String> drain(InputStream stream, String name) {
        var text = new CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(readAll(stream));
            } catch (RuntimeException e) {
                text.completeExceptionally(e);
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : text.lines().toList();
    }
}
