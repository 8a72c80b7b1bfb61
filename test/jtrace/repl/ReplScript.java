package jtrace.repl;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code jtrace repl} with commands piped to its standard input (no terminal), as a script runs it. */
record ReplScript(int status, String out, String err) {
    static ReplScript run(String namespace, Path home, String input) throws Exception {
        List<String> command = ReplRuns.command(namespace, home, "repl");
        Path in = Files.writeString(home.resolve("in.txt"), input);
        File out = home.resolve("out.txt").toFile(), err = home.resolve("err.txt").toFile();
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jtrace repl did not finish within 120 s; input:\n" + input);
        }
        ReplScript r = new ReplScript(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        System.out.printf("== jtrace repl <<%n%s-> exit %d%n%s%s", input, r.status, r.out, r.err.isEmpty() ? "" : "stderr:\n" + r.err);
        return r;
    }
}
