package jtrace.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./jbang wrapper: clear errors on a bare machine (fast, no network), and JBang's
 * launcher protocol end to end with the real JBang (tag "jbang": the first run on a
 * machine resolves JBang with Maven).
 */
class WrapperTest {
    private static final Path WRAPPER = Repo.root().resolve("jbang");

    @TempDir
    static Path jbangDir;

    @Test
    void withoutJavaItSaysAJdkIsNeeded(@TempDir Path bin) throws Exception {
        link(bin, "readlink");
        Repo.Result r = bareRun(bin, null, bin.resolve("cache"));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("jtrace needs a JDK 17+").contains("JAVA_HOME");
    }

    @Test
    void aJavaHomeOlderThan17IsRefused(@TempDir Path bin, @TempDir Path oldJdk) throws Exception {
        link(bin, "readlink", "dirname", "sed");
        Files.createDirectories(oldJdk.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path p = Files.writeString(oldJdk.resolve("bin").resolve(tool), "#!/bin/sh\nexit 99\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(oldJdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Repo.Result r = bareRun(bin, oldJdk, bin.resolve("cache"));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("jtrace needs a JDK 17+").contains("is Java 11");
    }

    @Test
    void withoutMavenOrJBangItSaysWhatToInstall(@TempDir Path bin) throws Exception {
        link(bin, "readlink", "dirname", "sed");
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Path cache = bin.resolve("cache");
        Repo.Result r = bareRun(bin, null, cache);

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("install JBang or Maven");
        assertThat(cache).doesNotExist();
    }

    @Test
    @Tag("jbang")
    void argumentsReachTheProgramUnchangedAndItsExitCodeComesBack(@TempDir Path dir) throws Exception {
        // JBang prints the java command line quoted for bash and exits 255; the wrapper
        // must eval it the way JBang's own script does. (JBang drops an EMPTY argument
        // while quoting, so its own script loses it too: not tested here.)
        Files.writeString(dir.resolve("args.java"), String.join("\n",
                "public class args {",
                "    public static void main(String[] a) {",
                "        for (String s : a) System.out.println(\"<\" + s.replace(\"\\n\", \"\\\\n\") + \">\");",
                "        System.exit(a.length);",
                "    }",
                "}", ""));
        List<String> tricky = List.of("two words", "it's", "say \"hi\"", "$HOME", "*", "a;b|c&d",
                "`id`", "new\nline", "tab\there", "back\\slash", "--help", "-Dx=y", "  ");
        List<String> command = new ArrayList<>(List.of(dir.resolve("args.java").toString()));
        command.addAll(tricky);

        Repo.Result r = Repo.jbangAnyExit(jbangDir, command.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(tricky.size());
        assertThat(r.stdout().lines().collect(Collectors.toList())).as(r.describe())
                .containsExactlyElementsOf(tricky.stream()
                        .map(s -> "<" + s.replace("\n", "\\n") + ">")
                        .collect(Collectors.toList()));
    }

    @Test
    @Tag("jbang")
    void jbangsOwnAnswersAreFinal() throws Exception {
        Repo.Result version = Repo.jbang(jbangDir, "version");
        assertThat(version.stdout().strip()).isEqualTo("0.132.1");

        Repo.Result missing = Repo.jbangAnyExit(jbangDir, jbangDir.resolve("no-such-script.java").toString());
        assertThat(missing.exitCode()).as(missing.describe()).isNotIn(0, 255);
        assertThat(missing.stderr()).contains("no-such-script.java");
    }

    /** Runs the wrapper with PATH = {@code bin} only, and JAVA_HOME = {@code javaHome} if given. */
    private static Repo.Result bareRun(Path bin, Path javaHome, Path cache) throws Exception {
        return Repo.run(bin, env -> {
            env.put("PATH", bin.toString());
            env.remove("JAVA_HOME");
            if (javaHome != null) {
                env.put("JAVA_HOME", javaHome.toString());
            }
            env.put("JTRACE_JBANG_CACHE", cache.toString());
            env.put("JTRACE_JBANG_SYSTEM", "never");
        }, List.of("/bin/bash", WRAPPER.toString(), "--version"));
    }

    private static void link(Path bin, String... tools) throws Exception {
        for (String tool : tools) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream()
                    .filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + tool + " in /usr/bin or /bin"));
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
    }
}
