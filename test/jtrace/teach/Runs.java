package jtrace.teach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jtrace.lab.LabNetwork;

/**
 * Running the teaching material for real: a command inside a lab's client namespace (as root), with text on
 * its standard input, and the repository's ./jbang with a private JBANG_DIR and no network beyond loopback.
 */
final class Runs {
    private Runs() {}

    /** The repository root: the nearest folder upwards holding both pom.xml and jtrace.java. */
    static final Path ROOT = root();

    /** What a finished command printed. */
    record Output(int exitCode, String stdout, String stderr) {
        String describe() { return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr; }
    }

    /** Skips the calling test class, saying why, unless it runs as root with iproute2 (the lab needs both). */
    static void assumeLab() {
        boolean ok = isRoot() && which("ip") != null;
        if (!ok) System.out.println("[jtrace.teach] skipped: the examples run in the lab, which needs root and iproute2 (ip)");
        assumeTrue(ok, "skipped: the examples run in the lab, which needs root and iproute2");
    }

    /**
     * Runs {@code command} inside the lab's client namespace with {@code stdin} (may be null), in {@code workDir},
     * with {@code env} added; fails the test after {@code timeoutSeconds}.
     */
    static Output inLab(LabNetwork lab, Path workDir, Map<String, String> env, String stdin, long timeoutSeconds,
                        List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of(which("ip"), "netns", "exec", lab.client()));
        full.addAll(command);
        Path out = Files.createTempFile("jtrace-teach", ".out"), err = Files.createTempFile("jtrace-teach", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("JBANG_"));  // each JBANG_X is read as a //X directive
            pb.environment().putAll(env);
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + full + "\n" + Files.readString(out));
            }
            return new Output(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * JBang's environment for the tests: a private JBANG_DIR; the wrapper's own way to JBang; no version check;
     * HTTPS to a closed loopback port, so nothing leaves the machine (//DEPS come from the local Maven
     * repository that `mvn test` filled).
     */
    static Map<String, String> jbangEnv(Path jbangDir) {
        return Map.of("JBANG_DIR", jbangDir.toString(), "JTRACE_JBANG_SYSTEM", "never", "JBANG_NO_VERSION_CHECK", "true",
                "JTRACE_ARCHIVE_DIR", jbangDir.resolve("archives").toString(),  // the wrapper's start-up archives: this run's
                "JBANG_JAVA_OPTIONS", "-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=" + closedPort());
    }

    /** The test's own class path (surefire hides it behind a manifest jar; the real one is in a property). */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** A tool of the JDK running the tests: "jshell". */
    static String jdkTool(String name) { return Path.of(System.getProperty("java.home"), "bin", name).toString(); }

    static boolean isRoot() { return jtrace.support.Host.isRoot(); }

    static String which(String tool) { return jtrace.support.Host.which(tool); }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("jtrace.java"))) return dir;
        throw new IllegalStateException("no folder with pom.xml and jtrace.java above " + Path.of("").toAbsolutePath());
    }
}
