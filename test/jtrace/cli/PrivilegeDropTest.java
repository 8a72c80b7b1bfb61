package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import jtrace.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sudo jtrace HOST}: root opens the probe socket, then the process becomes the invoking user (SUDO_UID,
 * SUDO_GID) for good before any reply is read. Each case runs jtrace's main in a child JVM as root with
 * sudo's variables set to the throwaway test user, and reads /proc for every thread afterwards.
 * The child uses the libraries where they are (root's ~/.m2, mode 700) and jtrace's classes as built, or copied
 * into a directory only root can read, as a class directory (a clone in such a directory) or a jar (JBang's cache
 * under root's home): nothing after the drop may need a file only root can read.
 */
@Timeout(120)
class PrivilegeDropTest {
    private static int uid, gid;
    /** Mode 700, as {@code mktemp -d} makes it: jtrace's classes copied here are unreadable after the drop. */
    private static Path rootOnly;

    /** Where the child loads jtrace's (and this test's) classes from. */
    enum Layout { AS_BUILT, ROOT_ONLY_DIRECTORY, ROOT_ONLY_JAR }

    @BeforeAll
    static void needsRootAndTheTestUser() throws Exception {
        boolean root = status("Uid").split(" ")[1].equals("0");
        if (!root) System.out.println("[PrivilegeDropTest] skipped: dropping root needs root (run mvn test with sudo)");
        assumeTrue(root, "skipped: dropping root needs root (run mvn test with sudo)");
        Lab.ensureUser(Lab.TEST_USER);
        uid = Integer.parseInt(output("id", "-u", Lab.TEST_USER).strip());
        gid = Integer.parseInt(output("id", "-g", Lab.TEST_USER).strip());
        rootOnly = Files.createTempDirectory("jtrace-root-only-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootOnly))).isEqualTo("rwx------");
        for (Path built : List.of(codeSource(Main.class), codeSource(RunThenReport.class))) {
            copyTree(built, rootOnly.resolve("classes").resolve(built.getFileName()));
            jar(built, rootOnly.resolve("jars").resolve(built.getFileName() + ".jar"));
        }
        // What the test user could read there: nothing (the drop tests below are only meaningful if so).
        assertThat(output("runuser", "-u", Lab.TEST_USER, "--", "sh", "-c",
                "test -r " + rootOnly.resolve("jars/classes.jar") + " && echo readable || echo unreadable").strip()).isEqualTo("unreadable");
    }

    @AfterAll
    static void removeTheCopies() throws IOException {
        if (rootOnly == null) return;
        try (Stream<Path> files = Files.walk(rootOnly)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"-U, AS_BUILT", "-U, ROOT_ONLY_DIRECTORY", "-I, ROOT_ONLY_DIRECTORY", "--raw, ROOT_ONLY_DIRECTORY",
            "-I, ROOT_ONLY_JAR", "--raw, AS_BUILT"})
    void aTraceUnderSudoEndsAsTheInvokingUser(String method, Layout layout) throws Exception {
        Child c = run(layout, Map.of("SUDO_UID", "" + uid, "SUDO_GID", "" + gid, "SUDO_USER", Lab.TEST_USER),
                method, "-n", "-q", "1", "-m", "3", "127.0.0.1");

        assertThat(c.out).as(c.err).contains("exit 0").containsPattern("(?m)^ 1  127\\.0\\.0\\.1  \\d+\\.\\d{3} ms$");
        assertThat(c.err).isEmpty();
        assertThat(c.tasks()).as("every thread of the JVM").hasSizeGreaterThan(3).allSatisfy(task -> assertThat(task)
                .contains("Uid: " + uid + " " + uid + " " + uid + " " + uid, "Gid: " + gid + " " + gid + " " + gid + " " + gid,
                        "Groups: " + gid + " ", "CapEff: 0000000000000000"));
        assertThat(c.out).contains("raw socket refused: Operation not permitted");
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"ROOT_ONLY_DIRECTORY", "ROOT_ONLY_JAR"})
    void namesAreLookedUpAfterTheDropFromFilesOnlyRootCanRead(Layout layout) throws Exception {
        Child c = run(layout, Map.of("SUDO_UID", "" + uid, "SUDO_GID", "" + gid), "-q", "2", "-m", "2", "127.0.0.1");
        assertThat(c.out).as(c.err).contains("exit 0").containsPattern("(?m)^ 1  localhost \\(127\\.0\\.0\\.1\\)  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms$");
        assertThat(c.err).isEmpty();
        assertThat(c.tasks()).allSatisfy(task -> assertThat(task).contains("Uid: " + uid + " " + uid + " " + uid + " " + uid));
    }

    @Test
    void aFailureAfterTheDropIsOneLine() throws Exception {
        // The first sendto fails after the drop: the kernel refuses a broadcast destination without SO_BROADCAST
        // (EACCES), so nothing leaves the host.
        Child c = run(Layout.ROOT_ONLY_DIRECTORY, Map.of("SUDO_UID", "" + uid, "SUDO_GID", "" + gid), "-n", "-q", "1", "-m", "1", "255.255.255.255");
        assertThat(c.out).as(c.err).contains("traceroute to 255.255.255.255", "exit 1");
        assertThat(c.err.strip()).isEqualTo("jtrace: sendto 255.255.255.255: Permission denied");
        assertThat(c.tasks()).allSatisfy(task -> assertThat(task).contains("Uid: " + uid + " " + uid + " " + uid + " " + uid));
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
        return run(Layout.AS_BUILT, sudo, args);
    }

    private static Child run(Layout layout, Map<String, String> sudo, String... args) throws Exception {
        List<String> classPath = new ArrayList<>();
        Path main = codeSource(Main.class), tests = codeSource(RunThenReport.class);
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            boolean ours = p.equals(main) || p.equals(tests);
            classPath.add(!ours ? entry : switch (layout) {
                case AS_BUILT -> entry;
                case ROOT_ONLY_DIRECTORY -> rootOnly.resolve("classes").resolve(p.getFileName()).toString();
                case ROOT_ONLY_JAR -> rootOnly.resolve("jars").resolve(p.getFileName() + ".jar").toString();
            });
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, classPath),
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

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (Stream<Path> files = Files.walk(classes); var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
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
