package jtrace.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository under test, its script header, and a way to run its commands. */
final class Repo {
    private Repo() {}

    /** The repository root: the nearest folder upwards holding both pom.xml and jtrace.java. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("jtrace.java"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder with pom.xml and jtrace.java above " + Path.of("").toAbsolutePath());
    }

    /** The directive lines of a JBang script: every line before the package declaration. */
    static List<String> header(Path script) throws IOException {
        List<String> header = new ArrayList<>();
        for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
            if (line.startsWith("package ")) {
                break;
            }
            header.add(line);
        }
        return header;
    }

    /** The values of one directive, e.g. {@code directive(header, "SOURCES")}. */
    static List<String> directive(List<String> header, String name) {
        String prefix = "//" + name + " ";
        return header.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .collect(Collectors.toList());
    }

    /** Every .java file under {@code root}/lib, as a path relative to root with '/' separators. */
    static List<String> libSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("lib"))) {
            return files.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** What a finished command left behind. */
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    /**
     * Runs a command with stdin from /dev/null, without the caller's JBANG_* variables
     * (JBang reads any JBANG_NAME variable as an extra //NAME directive), plus {@code env}.
     */
    static Result run(Path workDir, Map<String, String> env, List<String> command) throws Exception {
        return run(workDir, e -> e.putAll(env), command);
    }

    /** As {@link #run(Path, Map, List)}, with {@code editEnv} free to change the environment. */
    static Result run(Path workDir, Consumer<Map<String, String>> editEnv, List<String> command)
            throws Exception {
        Path out = Files.createTempFile("jtrace-run", ".out");
        Path err = Files.createTempFile("jtrace-run", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("JBANG_"));
            editEnv.accept(pb.environment());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after 5 minutes: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs the repository's ./jbang wrapper with a private JBANG_DIR, expecting exit code 0.
     * It runs inside that JBANG_DIR, not the repository: JBang also reads the
     * jbang-catalog.json of the working folder and its parents.
     */
    static Result jbang(Path jbangDir, String... args) throws Exception {
        Result r = jbangAnyExit(jbangDir, args);
        assertThat(r.exitCode()).as("./jbang %s\n%s", String.join(" ", args), r.describe()).isZero();
        return r;
    }

    static Result jbangAnyExit(Path jbangDir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("jbang").toString());
        command.addAll(List.of(args));
        return run(jbangDir, jbangEnv(jbangDir), command);
    }

    /**
     * JBang's environment for tests: a private JBANG_DIR, and no traffic beyond loopback.
     * JBang reads its built-in catalog, which imports a catalog from GitHub, even for
     * {@code alias@catalog}; the version check would call jbang.dev. HTTPS goes to a
     * closed port on 127.0.0.1 instead (JBang's own JVM honours https.proxyHost; plain
     * http to 127.0.0.1, where the tests serve the repo, is not proxied). //DEPS come
     * from the local Maven repository, which `mvn test` has already filled.
     */
    static Map<String, String> jbangEnv(Path jbangDir) {
        return Map.of(
                "JBANG_DIR", jbangDir.toString(),
                // The wrapper's own path, even where a jbang is installed: that is what we test.
                "JTRACE_JBANG_SYSTEM", "never",
                "JBANG_NO_VERSION_CHECK", "true",
                // The wrapper's start-up archives, made and used like anyone's, but of this run only.
                "JTRACE_ARCHIVE_DIR", jbangDir.resolve("archives").toString(),
                "JBANG_JAVA_OPTIONS", "-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=" + CLOSED_PORT);
    }

    /** A loopback port that nothing listens on: connections to it are refused at once. */
    private static final int CLOSED_PORT = closedPort();

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
