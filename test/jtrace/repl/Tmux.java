package jtrace.repl;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real pseudo-terminal for the REPL: a private tmux server (its own socket in a temporary directory, no
 * user config) running one command in a window of a fixed size. Keys go in with send-keys; the screen comes back with capture-pane.
 * {@link #await} waits for the program to draw something — the program's pace, not a retry of the test.
 */
final class Tmux implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 20_000;

    private final Path dir = Files.createTempDirectory("jtrace-tmux-");
    private final String socket = dir.resolve("socket").toString();  // removed with the directory on close

    /** Starts {@code command} (a shell command line) in a {@code columns} x {@code rows} window, with {@code env}. */
    Tmux(String command, int columns, int rows, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", "/dev/null", "new-session", "-d", "-s", "repl",
                "-x", String.valueOf(columns), "-y", String.valueOf(rows)));
        env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        args.add(command);
        tmux(args.toArray(String[]::new));
        tmux("set-option", "-t", "repl", "remain-on-exit", "on");
    }

    /** tmux, found on PATH, or null. */
    static String binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "tmux"))) return Path.of(dir, "tmux").toString();
        }
        return null;
    }

    /** Types {@code keys} (tmux key names like Enter, Tab, Up, C-c are keys; anything else is typed literally). */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "repl"));
        args.addAll(Arrays.asList(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} exactly, no key names. */
    void type(String text) throws Exception { tmux("send-keys", "-t", "repl", "-l", "--", text); }

    /** The visible screen as text: wrapped lines joined (-J), trailing blanks removed. */
    String screen() throws Exception {
        return Arrays.stream(tmux("capture-pane", "-p", "-J", "-t", "repl").split("\n", -1))
                .map(String::stripTrailing).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The screen with its colors and attributes as escape sequences. */
    String screenWithStyles() throws Exception { return tmux("capture-pane", "-p", "-e", "-t", "repl"); }

    void resize(int columns, int rows) throws Exception {
        tmux("resize-window", "-t", "repl", "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    /** Waits until the screen satisfies {@code ready}; fails with the screen when it never does. */
    String await(String what, Predicate<String> ready) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT_MILLIS;
        String s = screen();
        while (!ready.test(s)) {
            if (System.currentTimeMillis() > end) fail("no %s on the screen within %d ms; the screen:%n%s", what, TIMEOUT_MILLIS, s);
            Thread.sleep(50);
            s = screen();
        }
        return s;
    }

    /** Waits until the screen contains {@code text}. */
    String await(String text) throws Exception { return await("'" + text + "'", s -> s.contains(text)); }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(), "-S", socket));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out);
        return out;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder(binary(), "-S", socket, "kill-server").redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start().waitFor();
        Files.deleteIfExists(Path.of(socket));
        Files.deleteIfExists(dir);
    }
}
