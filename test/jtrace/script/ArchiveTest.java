package jtrace.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./jbang wrapper's start-up archives (CDS on JDK 17-24, the AOT cache on 25+), with the real JBang:
 * made once on a run that ends well, then used; a changed script or another JDK gets its own; a truncated
 * or overwritten archive is never handed to a JVM (JDK 17 crashes on a truncated one), the run starts
 * normally and the archive is made again; and none of it is ever heard of on stdout or stderr.
 * The program under test prints the archive option its JVM was started with, if any.
 */
@Tag("jbang")
class ArchiveTest {
    private static final String PROGRAM = String.join("\n",
            "import java.lang.management.ManagementFactory;",
            "public class hello {",
            "    public static void main(String[] args) {",
            "        System.out.println(\"%s \" + String.join(\" \", args));",
            "        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())",
            "            if (a.startsWith(\"-XX:SharedArchiveFile=\") || a.startsWith(\"-XX:AOTCache=\"))",
            "                System.out.println(\"archive \" + a.substring(a.indexOf('=') + 1));",
            "    }",
            "}", "");

    @TempDir
    Path dir;
    /** Every run asks JBang (JTRACE_SAVED_LAUNCH=off). */
    boolean alwaysJBang;

    /** JBang's own JVM runs on every run here (no direct launch: DirectLaunchTest), so its archive is seen too. */
    @Test
    void madeOnceUsedSilentlyRemadeWhenCorruptAndPerScriptVersion() throws Exception {
        alwaysJBang = true;
        Path script = writeProgram("hello");
        Path archives = dir.resolve("archives");
        String java = System.getProperty("java.home");

        // 1st run: JBang compiles; the program runs as is and its classes are recorded.
        Repo.Result first = run(java, script, "a b");
        assertThat(first.stdout()).as(first.describe()).isEqualTo("hello a b\n");
        Path app = single(archives, "app-hello-");
        assertThat(names(archives)).as("JBang compiled on that run: not a typical run to record")
                .noneMatch(n -> n.startsWith("jbang-"));

        // 2nd run: the program starts from its archive; JBang's own JVM records its classes.
        Repo.Result second = run(java, script, "a b");
        assertThat(second.stdout()).as(second.describe()).isEqualTo("hello a b\narchive " + app + "\n");
        assertThat(second.stderr()).as(second.describe()).isEmpty();
        Path jbang = single(archives, "jbang-");

        // 3rd run: both are used as they are, nothing is made again, nothing is said.
        Map<Path, String> made = identities(archives);
        Repo.Result third = run(java, script, "c");
        assertThat(third.stdout()).as(third.describe()).isEqualTo("hello c\narchive " + app + "\n");
        assertThat(third.stderr()).as(third.describe()).isEmpty();
        assertThat(identities(archives)).isEqualTo(made);
        assertThat(names(archives)).noneMatch(n -> n.contains(".tmp") || n.endsWith(".failed"));

        // Truncated (a run killed while writing, a full disk): a normal start, and the archive is made again.
        truncate(app);
        truncate(jbang);
        Repo.Result afterTruncation = run(java, script, "d");
        assertThat(afterTruncation.exitCode()).as(afterTruncation.describe()).isZero();
        assertThat(afterTruncation.stdout()).as(afterTruncation.describe()).isEqualTo("hello d\n");
        assertThat(afterTruncation.stderr()).as(afterTruncation.describe()).isEmpty();
        assertThat(Files.size(app)).isGreaterThan(100_000);
        assertThat(Files.size(jbang)).isGreaterThan(100_000);

        // Overwritten in place with garbage of the same size: not trusted either.
        overwriteWithGarbage(app);
        Repo.Result afterGarbage = run(java, script, "e");
        assertThat(afterGarbage.stdout()).as(afterGarbage.describe()).isEqualTo("hello e\n");
        assertThat(afterGarbage.stderr()).as(afterGarbage.describe()).isEmpty();
        Repo.Result usedAgain = run(java, script, "f");
        assertThat(usedAgain.stdout()).as(usedAgain.describe()).isEqualTo("hello f\narchive " + app + "\n");

        // The script changes: JBang rebuilds its jar, the program gets a new archive, the old one goes.
        writeProgram("hi");
        Repo.Result changed = run(java, script, "g");
        assertThat(changed.stdout()).as(changed.describe()).isEqualTo("hi g\n");
        Path newApp = single(archives, "app-hello-");
        assertThat(newApp).isNotEqualTo(app);
        Repo.Result changedAgain = run(java, script, "h");
        assertThat(changedAgain.stdout()).as(changedAgain.describe()).isEqualTo("hi h\narchive " + newApp + "\n");
        assertThat(changedAgain.stderr()).as(changedAgain.describe()).isEmpty();
    }

    @Test
    void anotherJdkGetsArchivesOfItsOwnAndTheOthersStay() throws Exception {
        Path otherJdk = otherJdk();
        Path script = writeProgram("hello");
        Path archives = dir.resolve("archives");
        String java = System.getProperty("java.home");
        run(java, script, "warm");
        run(java, script, "warm");
        Map<Path, String> before = identities(archives);
        int major = Runtime.version().feature();

        String other = otherJdk.toString();
        for (int i = 0; i < 3; i++) run(other, script, "other");
        Repo.Result onOther = run(other, script, "x");
        assertThat(onOther.stdout()).as(onOther.describe()).startsWith("hello x\narchive ");
        assertThat(onOther.stderr()).as(onOther.describe()).isEmpty();
        assertThat(onOther.stdout()).doesNotContain("-" + major + "-");
        Repo.Result back = run(java, script, "y");
        assertThat(back.stdout()).as(back.describe()).startsWith("hello y\narchive ").contains("-" + major + "-");
        assertThat(back.stderr()).as(back.describe()).isEmpty();
        assertThat(identities(archives)).containsAllEntriesOf(before);
    }

    @Test
    void offMeansNone() throws Exception {
        Path script = writeProgram("hello");
        for (int i = 0; i < 2; i++) {
            Repo.Result r = Repo.run(dir, env(System.getProperty("java.home"), Map.of("JTRACE_ARCHIVES", "off")),
                    List.of(Repo.root().resolve("jbang").toString(), script.toString(), "z"));
            assertThat(r.stdout()).as(r.describe()).isEqualTo("hello z\n");
        }
        assertThat(dir.resolve("archives")).doesNotExist();
    }

    /**
     * bin/jtrace, the installed command: the first run goes through JBang and saves its answer; later runs
     * start the application's JVM alone, from its archive — JBang's jars may as well be gone; another JDK
     * goes through JBang again.
     */
    @Test
    void theInstalledCommandRunsTheApplicationAloneOnceJBangHasAnswered() throws Exception {
        Path launcher = Repo.root().resolve("bin/jtrace");
        String java = System.getProperty("java.home");
        Map<String, String> env = env(java, Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
                "JTRACE_JBANG_CACHE", jbangCache()));
        Repo.Result first = Repo.run(dir, env, List.of(launcher.toString(), "--version"));
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdout()).as(first.describe()).startsWith("jtrace ");

        // No JBang to be had: a cache that says complete but holds no jar (dev.jbang.Main cannot load).
        Path noJBang = Files.createDirectories(dir.resolve("no-jbang"));
        Files.writeString(noJBang.resolve(".complete"), "");
        Map<String, String> without = new HashMap<>(env);
        without.put("JTRACE_JBANG_CACHE", noJBang.toString());
        for (int i = 0; i < 2; i++) {
            Repo.Result alone = Repo.run(dir, without, List.of(launcher.toString(), "--version"));
            assertThat(alone.exitCode()).as(alone.describe()).isZero();
            assertThat(alone.stdout()).as(alone.describe()).isEqualTo(first.stdout());
            assertThat(alone.stderr()).as(alone.describe()).isEmpty();
        }
        assertThat(names(dir.resolve("archives"))).anyMatch(n -> n.startsWith("app-jtrace.app.jtrace-"));

        // Another JDK: its own launch, so JBang is needed again (and is missing here: it says so).
        Path otherJdk = otherJdk();
        Map<String, String> other = new HashMap<>(without);
        other.put("JAVA_HOME", otherJdk.toString());
        Repo.Result onOther = Repo.run(dir, other, List.of(launcher.toString(), "--version"));
        assertThat(onOther.exitCode()).as(onOther.describe()).isNotZero();
        assertThat(onOther.stderr()).as(onOther.describe()).contains("dev.jbang.Main");
    }

    /** The JBang jars the wrapper resolved for the other tests (the default cache). */
    private static String jbangCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jtrace/jbang-0.132.1").toString();
    }

    private Path writeProgram(String greeting) throws IOException {
        return Files.writeString(dir.resolve("hello.java"), String.format(PROGRAM, greeting));
    }

    private Repo.Result run(String javaHome, Path script, String args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Repo.root().resolve("jbang").toString(), script.toString()));
        command.addAll(List.of(args.split(" ")));
        Repo.Result r = Repo.run(dir, env(javaHome, Map.of()), command);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    private Map<String, String> env(String javaHome, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Repo.jbangEnv(dir.resolve("jbang-dir")));
        env.put("JTRACE_ARCHIVE_DIR", dir.resolve("archives").toString());
        env.put("JAVA_HOME", javaHome);
        if (alwaysJBang) env.put("JTRACE_SAVED_LAUNCH", "off");
        env.putAll(extra);
        return env;
    }

    /** The one archive whose name starts so (its ".ok" note beside it). */
    private static Path single(Path archives, String prefix) throws IOException {
        List<Path> found = list(archives).stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix))
                .filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))
                .collect(Collectors.toList());
        assertThat(found).as("archives %s* in %s", prefix, names(archives)).hasSize(1);
        assertThat(Path.of(found.get(0) + ".ok")).exists();
        return found.get(0);
    }

    private static List<Path> list(Path archives) throws IOException {
        if (!Files.isDirectory(archives)) return List.of();
        try (Stream<Path> files = Files.list(archives)) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    private static List<String> names(Path archives) throws IOException {
        return list(archives).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }

    /** Each file's size, mtime and inode: what changes when a file is made again. */
    private static Map<Path, String> identities(Path archives) throws IOException {
        Map<Path, String> ids = new HashMap<>();
        for (Path p : list(archives))
            ids.put(p, Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " " + Files.getAttribute(p, "unix:ino"));
        return ids;
    }

    private static void truncate(Path archive) throws IOException {
        byte[] head = Files.readAllBytes(archive);
        Files.delete(archive);  // the wrapper installs archives read-only
        Files.write(archive, java.util.Arrays.copyOf(head, 100_000));
    }

    /** In place (same file, same size), other bytes from 4 KB on (past the header), the mtime put back. */
    private static void overwriteWithGarbage(Path archive) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(archive);
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 4096; i < bytes.length; i += 7) bytes[i] = (byte) 0xA5;
        archive.toFile().setWritable(true);
        Files.write(archive, bytes);
        Files.setLastModifiedTime(archive, mtime);
    }

    /** A JDK 17+ other than the one running the tests (Temurin 25 here), or the test is skipped. */
    private static Path otherJdk() throws IOException {
        Path running = Path.of(System.getProperty("java.home")).toRealPath();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                for (Path home : homes.sorted().collect(Collectors.toList())) {
                    Path real = home.toRealPath();
                    if (real.equals(running) || !Files.isExecutable(real.resolve("bin/javac"))) continue;
                    String release = Files.exists(real.resolve("release")) ? Files.readString(real.resolve("release")) : "";
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
                    if (m.find() && Integer.parseInt(m.group(1)) >= 17 && Integer.parseInt(m.group(1)) != Runtime.version().feature())
                        return real;
                }
            }
        }
        assumeTrue(false, "no second JDK 17+ under /usr/lib/jvm");
        return null;
    }
}
