package jtrace.hygiene;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code jtrace lab trace} stopped mid-trace by Ctrl-C (SIGINT) or SIGTERM: the process exits at once and
 * the namespaces it built for the trace are gone. The child is jtrace's own main in a fresh JVM tracing the
 * SILENT lab with probes 3 s apart (-z 3), so it is in the middle of the trace when the signal comes.
 */
@Timeout(90)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class LabTraceSignalTest {
    static final String PREFIX = "jtl-silent-";

    @BeforeAll
    static void needsTheLab() {
        boolean root = TraceHygieneTest.isRoot();
        if (!root) System.out.println("[LabTraceSignalTest] skipped: the lab needs root (run mvn test with sudo)");
        assumeTrue(root, "skipped: the lab needs root (run mvn test with sudo)");
        assumeTrue(Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip").anyMatch(p -> Files.isExecutable(Path.of(p))),
                "skipped: the lab needs iproute2 (ip)");
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalMidTraceLeavesNoNamespace(String signal, int status) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "jtrace.cli.Main", "lab", "trace", "silent", "-n", "-q", "1", "-z", "3")
                .directory(new File("/tmp")).start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(child.getErrorStream()));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith(" 1  ")) break;  // hop 1 is out, hop 2's probe leaves in 3 s: mid-trace
            }
            assertThat(lines).as("output before the signal; stderr: %s", stderr.getNow("")).anySatisfy(l -> assertThat(l).startsWith(" 1  10.72.1.2"));
            assertThat(namespaces()).as("the lab is up").isNotEmpty();

            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).inheritIO().start().waitFor();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("exits after SIG%s", signal).isTrue();
            long millis = (System.nanoTime() - signalled) / 1_000_000;
            System.out.printf("[LabTraceSignalTest] SIG%s: exit %d after %d ms%n", signal, child.exitValue(), millis);

            assertThat(child.exitValue()).isEqualTo(status);
            assertThat(millis).as("ms from SIG%s to exit", signal).isLessThan(5000);
            assertThat(namespaces()).as("namespaces left behind").isEmpty();
            assertThat(stderr.get(10, TimeUnit.SECONDS)).as("stderr").doesNotContain("\tat ", "Exception");
        } finally {
            child.destroyForcibly();
            jtrace.lab.Lab.down(jtrace.lab.Scenario.SILENT);  // whatever a failed run left (the assertion said so)
        }
    }

    private static List<String> namespaces() throws java.io.IOException {
        Path dir = Path.of("/var/run/netns");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PREFIX)).sorted().toList();
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
