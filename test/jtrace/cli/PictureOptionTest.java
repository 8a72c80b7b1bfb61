package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --svg FILE}: the trace printed as always, and drawn into FILE. */
class PictureOptionTest {

    @Test
    void drawsTheTraceIntoTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("route.svg");
        MainTest.Result r = MainTest.run("--svg", file.toString(), "-n", "-q", "2", "127.0.0.1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets\n")
                .containsPattern("(?m)^ 1  127\\.0\\.0\\.1  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms$");
        String svg = Files.readString(file);
        assertThat(svg).startsWith("<svg ").contains("<title>traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets</title>")
                .contains("<g class=\"hop destination\">").contains(">127.0.0.1<");
    }

    @Test
    void theTraceCommandTakesItToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.svg");
        MainTest.Result r = MainTest.run("trace", "--svg", file.toString(), "-n", "-q", "1", "127.0.0.1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(file)).contains("<g class=\"hop destination\">");
    }

    @Test
    void aFileThatCannotBeWrittenIsOneLine(@TempDir Path dir) {
        Path file = dir.resolve("no/such/folder/route.svg");
        MainTest.Result r = MainTest.run("--svg", file.toString(), "-n", "-q", "1", "127.0.0.1");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("jtrace: could not write " + file).endsWith("(--svg)\n");
    }
}
