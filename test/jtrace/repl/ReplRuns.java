package jtrace.repl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Starting jtrace's REPL in a child JVM, optionally inside a lab namespace, and the checks that gate it. */
final class ReplRuns {
    private ReplRuns() {}

    /** Skips the test class (the reason printed) unless root with iproute2, as the lab needs. */
    static void assumeLab() {
        boolean root = isRoot();
        if (!root) System.out.println("[jtrace.repl] skipped: the REPL's lab tests need root (run mvn test with sudo)");
        assumeTrue(root, "skipped: the REPL's lab tests need root (run mvn test with sudo)");
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/bin/ip"));
        if (!ip) System.out.println("[jtrace.repl] skipped: the lab needs iproute2 (ip)");
        assumeTrue(ip, "skipped: the lab needs iproute2 (ip)");
    }

    /** Skips unless tmux is installed (.ci/run installs it). */
    static void assumeTmux() {
        boolean tmux = Tmux.binary() != null;
        if (!tmux) System.out.println("[jtrace.repl] skipped: the terminal tests need tmux (apt-get install tmux)");
        assumeTrue(tmux, "skipped: the terminal tests need tmux (apt-get install tmux)");
    }

    /**
     * One lab test at a time on this machine: the lock the end-to-end tests take (jtrace.it.LabLock), held here
     * for a whole class because its labs live from @BeforeAll to @AfterAll. Lab names are machine-wide, and
     * Lab.up replaces a lab of the same scenario: without it, two test runs pull each other's labs away.
     */
    static FileLock lockLabs() throws IOException {
        FileChannel channel = FileChannel.open(Path.of("/tmp/jtrace-lab-tests.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        return channel.lock();
    }

    static void unlock(FileLock lock) throws IOException {
        if (lock == null) return;
        try (FileChannel channel = lock.channel()) {
            lock.release();
        }
    }

    static boolean isRoot() { return jtrace.support.Host.isRoot(); }

    /**
     * {@code [ip netns exec NAMESPACE] java … jtrace.cli.Main ARGS} with {@code home} as user.home (the history
     * file goes there) and the test's own class path.
     */
    static List<String> command(String namespace, Path home, String... args) {
        List<String> command = new ArrayList<>();
        if (namespace != null) command.addAll(List.of("ip", "netns", "exec", namespace));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + home, "-cp", cp,
                "jtrace.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A shell script in {@code dir} that runs {@code command} and then prints its exit status, for tmux (whose
     * command line would otherwise carry the whole class path).
     */
    static String script(Path dir, List<String> command) throws IOException {
        StringBuilder sh = new StringBuilder("#!/bin/sh\n");
        for (String word : command) sh.append('\'').append(word.replace("'", "'\\''")).append("' ");
        sh.append("\necho \"[jtrace exited with status $?]\"\n");
        Path file = dir.resolve("repl.sh");
        Files.writeString(file, sh, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file.toString();
    }
}
