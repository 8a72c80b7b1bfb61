package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jtrace.lab.Lab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sudo jtrace HOST}: root opens the probe socket, then the process becomes the invoking user (SUDO_UID,
 * SUDO_GID) for good before any reply is read. Each case runs jtrace's main in a child JVM as root with
 * sudo's variables set to the throwaway test user, and reads /proc for every thread afterwards.
 * The child uses the test class path as it is (root's ~/.m2, mode 700): classes loaded after the drop must
 * not need files only root can read, as with {@code sudo jbang jtrace.java} and root's JBang cache.
 */
@Timeout(120)
class PrivilegeDropTest {
    private static int uid, gid;

    @BeforeAll
    static void needsRootAndTheTestUser() throws Exception {
        boolean root = status("Uid").split(" ")[1].equals("0");
        if (!root) System.out.println("[PrivilegeDropTest] skipped: dropping root needs root (run mvn test with sudo)");
        assumeTrue(root, "skipped: dropping root needs root (run mvn test with sudo)");
        Lab.ensureUser(Lab.TEST_USER);
        uid = Integer.parseInt(output("id", "-u", Lab.TEST_USER).strip());
        gid = Integer.parseInt(output("id", "-g", Lab.TEST_USER).strip());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-U", "-I", "--raw"})
    void aTraceUnderSudoEndsAsTheInvokingUser(String method) throws Exception {
        Child c = run(Map.of("SUDO_UID", "" + uid, "SUDO_GID", "" + gid, "SUDO_USER", Lab.TEST_USER),
                method, "-n", "-q", "1", "-m", "3", "127.0.0.1");

        assertThat(c.out).as(c.err).contains("exit 0").containsPattern("(?m)^ 1  127\\.0\\.0\\.1  \\d+\\.\\d{3} ms$");
        assertThat(c.tasks()).as("every thread of the JVM").hasSizeGreaterThan(3).allSatisfy(task -> assertThat(task)
                .contains("Uid: " + uid + " " + uid + " " + uid + " " + uid, "Gid: " + gid + " " + gid + " " + gid + " " + gid,
                        "Groups: " + gid + " ", "CapEff: 0000000000000000"));
        assertThat(c.out).contains("raw socket refused: Operation not permitted");
    }

    @Test
    void withoutSudoRootStaysRoot() throws Exception {
        Child c = run(Map.of(), "-n", "-q", "1", "-m", "2", "127.0.0.1");
        assertThat(c.out).as(c.err).contains("exit 0");
        assertThat(c.tasks()).allSatisfy(task -> assertThat(task).contains("Uid: 0 0 0 0"));
        assertThat(c.out).contains("raw socket opened");
    }

    @Test
    void sudoFromRootItselfStaysRoot() throws Exception {
        Child c = run(Map.of("SUDO_UID", "0", "SUDO_GID", "0"), "-n", "-q", "1", "-m", "2", "127.0.0.1");
        assertThat(c.out).as(c.err).contains("exit 0", "raw socket opened");
    }

    @Test
    void aMalformedSudoUidStopsBeforeTracingInsteadOfRunningAsRoot() throws Exception {
        Child c = run(Map.of("SUDO_UID", "1000x", "SUDO_GID", "" + gid), "-n", "-q", "1", "127.0.0.1");
        assertThat(c.out).contains("exit 1").doesNotContain("traceroute to");
        assertThat(c.err.strip()).isEqualTo("jtrace: SUDO_UID is '1000x', not a user or group id: refusing to run as root"
                + " on behalf of an unknown user (unset SUDO_UID and SUDO_GID to stay root)");
    }

    @Test
    void theLabKeepsRootForTheWholeRunAndSaysSo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")),
                "skipped: the lab needs iproute2 (ip)");
        Child c = run(Map.of("SUDO_UID", "" + uid, "SUDO_GID", "" + gid), "lab", "trace", "unreachable", "--routers", "1", "-n", "-q", "1");
        assertThat(c.out).as(c.err).contains("exit 0", "raw socket opened").contains(" 1  10.74.1.2 ");
        assertThat(c.tasks()).allSatisfy(task -> assertThat(task).contains("Uid: 0 0 0 0"));
        Child help = run(Map.of(), "lab", "--help");
        assertThat(help.out).contains("keeps root for the whole run");
    }

    private record Child(String out, String err) {
        List<String> tasks() { return out.lines().filter(l -> l.startsWith("task ")).toList(); }
    }

    private static Child run(Map<String, String> sudo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                RunThenReport.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/tmp"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SUDO_"));
        pb.environment().putAll(sudo);
        Path err = Files.createTempFile("jtrace-drop-", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Child(out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String status(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .findFirst().orElseThrow().substring(field.length() + 1).strip().replaceAll("\\s+", " ");
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
