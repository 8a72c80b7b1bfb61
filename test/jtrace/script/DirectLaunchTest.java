package jtrace.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./jbang wrapper's direct launch: once JBang has answered {@code ./jbang SCRIPT.java ARGS} with a plain java
 * launch, the next run with the same script, sources, JDK and JBang settings starts the program without JBang's
 * JVM. Whether JBang ran is told by taking it away: a JBang cache that says complete but holds no jar makes
 * every run that asks JBang fail with "dev.jbang.Main". A changed source, a corrupt saved launch or another
 * option first ask JBang again, and nothing of it is heard of on stdout or stderr.
 */
@Tag("jbang")
class DirectLaunchTest {
    private static final String SCRIPT = String.join("\n",
            "//SOURCES lib/Greeting.java",
            "public class hello {",
            "    public static void main(String[] args) {",
            "        System.out.println(Greeting.TEXT + \" \" + String.join(\"|\", args));",
            "    }",
            "}", "");

    @TempDir
    Path dir;
    Path script;
    Path archives;
    Path noJBang;

    @BeforeEach
    void writeScript() throws IOException {
        script = Files.writeString(dir.resolve("hello.java"), SCRIPT);
        Files.createDirectories(dir.resolve("lib"));
        greeting("hello");
        archives = dir.resolve("archives");
        noJBang = Files.createDirectories(dir.resolve("no-jbang"));
        Files.writeString(noJBang.resolve(".complete"), "");
    }

    @Test
    void aSecondRunNeedsNoJBangAndPassesEveryArgumentAsIs() throws Exception {
        Repo.Result first = run(true, "a b");
        assertThat(first.stdout()).as(first.describe()).isEqualTo("hello a b\n");

        // JBang drops an empty argument on its way; the direct launch passes the arguments as they are.
        Repo.Result second = run(false, "two words", "", "it's", "$HOME", "*", "--help", "-Dx=y");
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stdout()).as(second.describe()).isEqualTo("hello two words||it's|$HOME|*|--help|-Dx=y\n");
        assertThat(second.stderr()).as(second.describe()).isEmpty();
        assertThat(launches()).hasSize(1);
    }

    @Test
    void anEditedSourceIsBuiltByJBangBeforeItRuns() throws Exception {
        run(true, "x");
        assertThat(run(false, "y").stdout()).isEqualTo("hello y\n");

        greeting("bonjour");
        Repo.Result stale = run(false, "z");
        assertThat(stale.exitCode()).as("the saved launch is not for this source: JBang is asked\n" + stale.describe()).isNotZero();
        assertThat(stale.stderr()).contains("dev.jbang.Main");
        Repo.Result rebuilt = run(true, "z");
        assertThat(rebuilt.stdout()).as(rebuilt.describe()).isEqualTo("bonjour z\n");
        assertThat(run(false, "w").stdout()).isEqualTo("bonjour w\n");
        assertThat(launches()).as("the launch for the old source goes").hasSize(1);

        // The script itself, too.
        Files.writeString(script, SCRIPT.replace("\" \"", "\" - \""));
        assertThat(run(false, "v").exitCode()).isNotZero();
        assertThat(run(true, "v").stdout()).isEqualTo("bonjour - v\n");
    }

    @Test
    void aCorruptSavedLaunchIsNotTrustedAndIsMadeAgain() throws Exception {
        run(true, "a");
        Path launch = launches().get(0);
        byte[] good = Files.readAllBytes(launch);

        Files.write(launch, java.util.Arrays.copyOf(good, good.length / 2));  // truncated
        assertThat(run(false, "b").exitCode()).isNotZero();
        Repo.Result afterTruncation = run(true, "b");
        assertThat(afterTruncation.stdout()).as(afterTruncation.describe()).isEqualTo("hello b\n");
        assertThat(afterTruncation.stderr()).as(afterTruncation.describe()).isEmpty();
        assertThat(Files.readAllBytes(launch)).isEqualTo(good);

        byte[] garbage = good.clone();  // same size, one letter of the main class changed
        int at = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf("hello");
        garbage[at] = 'j';
        Files.write(launch, garbage);
        assertThat(run(false, "c").exitCode()).isNotZero();
        Repo.Result afterGarbage = run(true, "c");
        assertThat(afterGarbage.stdout()).as(afterGarbage.describe()).isEqualTo("hello c\n");
        assertThat(afterGarbage.stderr()).as(afterGarbage.describe()).isEmpty();
        assertThat(run(false, "d").stdout()).isEqualTo("hello d\n");
    }

    @Test
    void optionsForJBangAndTheKnobAlwaysAskJBang() throws Exception {
        run(true, "a");
        // An option before the script is JBang's: JBang answers.
        Repo.Result option = Repo.run(dir, env(false, Map.of()), List.of(Repo.root().resolve("jbang").toString(), "--quiet",
                script.toString(), "b"));
        assertThat(option.stderr()).as(option.describe()).contains("dev.jbang.Main");
        // Another JBANG_ setting is another launch.
        Repo.Result setting = Repo.run(dir, env(false, Map.of("JBANG_JAVA_OPTIONS", "-Dsome=thing")),
                List.of(Repo.root().resolve("jbang").toString(), script.toString(), "c"));
        assertThat(setting.stderr()).as(setting.describe()).contains("dev.jbang.Main");
        Repo.Result off = Repo.run(dir, env(false, Map.of("JTRACE_SAVED_LAUNCH", "off")),
                List.of(Repo.root().resolve("jbang").toString(), script.toString(), "d"));
        assertThat(off.stderr()).as(off.describe()).contains("dev.jbang.Main");
        assertThat(run(false, "e").stdout()).isEqualTo("hello e\n");
    }

    @Test
    void sourcesThatNameMoreSourcesAlwaysAskJBang() throws Exception {
        // Greeting names a file of its own, which the wrapper does not hash: no launch is kept for this script.
        Files.writeString(dir.resolve("lib/Greeting.java"), "//SOURCES Word.java\nfinal class Greeting { static final String TEXT = Word.TEXT; }\n");
        Files.writeString(dir.resolve("lib/Word.java"), "final class Word { static final String TEXT = \"hello\"; }\n");
        assertThat(run(true, "a").stdout()).isEqualTo("hello a\n");
        Repo.Result again = run(false, "b");
        assertThat(again.stderr()).as(again.describe()).contains("dev.jbang.Main");
        Files.writeString(dir.resolve("lib/Word.java"), "final class Word { static final String TEXT = \"salut\"; }\n");
        assertThat(run(true, "c").stdout()).isEqualTo("salut c\n");
        assertThat(Files.exists(archives) ? launches() : List.<Path>of()).isEmpty();
    }

    @Test
    void aTicketStartsTheSameLaunchAgainUntilAnyOfItsFilesChanges() throws Exception {
        run(true, "a");  // JBang answers, the launch is kept, the program's archive recorded
        assertThat(run(false, "b").stdout()).isEqualTo("hello b\n");  // from the saved launch and archive: a ticket
        Path ticket = single("ticket-");
        String written = identity(ticket);
        Repo.Result quick = run(false, "c");
        assertThat(quick.stdout()).as(quick.describe()).isEqualTo("hello c\n");
        assertThat(quick.stderr()).as(quick.describe()).isEmpty();
        assertThat(identity(ticket)).as("the ticket started it as it is").isEqualTo(written);

        // An edited source: JBang is asked (and is missing here), the old build is not started.
        greeting("hi");
        Repo.Result stale = run(false, "d");
        assertThat(stale.exitCode()).as(stale.describe()).isNotZero();
        assertThat(stale.stderr()).contains("dev.jbang.Main");
        assertThat(run(true, "d").stdout()).isEqualTo("hi d\n");
        assertThat(run(false, "e").stdout()).isEqualTo("hi e\n");
        written = identity(ticket);
        assertThat(run(false, "f").stdout()).isEqualTo("hi f\n");
        assertThat(identity(ticket)).isEqualTo(written);

        // A damaged ticket is not trusted: the saved launch starts the program and a good ticket is written.
        byte[] good = Files.readAllBytes(ticket);
        byte[] garbage = good.clone();
        for (int i = 0; i < garbage.length; i += 5) garbage[i] = 'x';
        Files.write(ticket, garbage);
        Repo.Result afterGarbage = run(false, "g");
        assertThat(afterGarbage.stdout()).as(afterGarbage.describe()).isEqualTo("hi g\n");
        assertThat(afterGarbage.stderr()).as(afterGarbage.describe()).isEmpty();
        assertThat(Files.readAllBytes(ticket)).isEqualTo(good);

        // A truncated archive is never handed to the JVM: the program starts without it, silently.
        Path archive = single("app-hello");
        byte[] head = Files.readAllBytes(archive);
        Files.delete(archive);
        Files.write(archive, java.util.Arrays.copyOf(head, head.length / 3));
        Repo.Result afterTruncation = run(false, "h");
        assertThat(afterTruncation.exitCode()).as(afterTruncation.describe()).isZero();
        assertThat(afterTruncation.stdout()).as(afterTruncation.describe()).isEqualTo("hi h\n");
        assertThat(afterTruncation.stderr()).as(afterTruncation.describe()).isEmpty();
    }

    private void greeting(String text) throws IOException {
        Files.writeString(dir.resolve("lib/Greeting.java"), "final class Greeting { static final String TEXT = \"" + text + "\"; }\n");
    }

    /** ./jbang hello.java ARGS, with JBang at hand or not; with it, the run must succeed. */
    private Repo.Result run(boolean withJBang, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("jbang").toString(), script.toString()));
        command.addAll(List.of(args));
        Repo.Result r = Repo.run(dir, env(withJBang, Map.of()), command);
        if (withJBang) assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    private Map<String, String> env(boolean withJBang, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Repo.jbangEnv(dir.resolve("jbang-dir")));
        env.put("JTRACE_ARCHIVE_DIR", archives.toString());
        if (!withJBang) env.put("JTRACE_JBANG_CACHE", noJBang.toString());
        env.putAll(extra);
        return env;
    }

    /** The one file in the archive folder named so, other than a ".ok" note. */
    private Path single(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(archives)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.toString().endsWith(".ok"))
                    .collect(Collectors.toList());
            assertThat(found).as(prefix).hasSize(1);
            return found.get(0);
        }
    }

    /** Size, mtime and inode: what changes when a file is written again. */
    private static String identity(Path file) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() + " " + Files.getAttribute(file, "unix:ino");
    }

    private List<Path> launches() throws IOException {
        try (Stream<Path> files = Files.list(archives)) {
            return files.filter(p -> p.getFileName().toString().startsWith("launch-")).sorted().collect(Collectors.toList());
        }
    }
}
