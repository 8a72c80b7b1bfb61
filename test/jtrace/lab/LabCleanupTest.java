package jtrace.lab;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A JVM that built a lab removes it when it is stopped: normally, by SIGTERM or by Ctrl-C (SIGINT). */
@Timeout(60)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class LabCleanupTest {
    @BeforeAll
    static void needsRoot() {
        assumeTrue(Commands.isRoot(), "skipped: the lab tests need root (run mvn test with sudo)");
        assumeTrue(Commands.find("ip").isPresent(), "skipped: the lab tests need iproute2 (ip)");
    }

    @AfterAll
    static void removeWhatTheKilledChildLeft() {
        if (Commands.isRoot()) Lab.down(Scenario.PROHIBITED);
    }

    /** Starts a child JVM holding a lab of {@code scenario} and returns once the lab is up. */
    private static Process holdLab(Scenario scenario) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LabHolder.class.getName(), scenario.label(), "2").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("up " + Topology.namespacePrefix(scenario) + "c");
        assertThat(Namespaces.existing(Topology.namespacePrefix(scenario))).hasSize(4);
        return child;
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("child exits on SIG%s", signal).isTrue();
    }

    @Test
    void sigtermRemovesTheLab() throws Exception {
        Process child = holdLab(Scenario.BLACKHOLE);
        signal(child, "TERM");
        assertThat(child.exitValue()).isEqualTo(128 + 15);
        assertThat(Namespaces.existing("jtl-blackhole-")).isEmpty();
    }

    @Test
    void sigintRemovesTheLab() throws Exception {
        Process child = holdLab(Scenario.SILENT);
        signal(child, "INT");
        assertThat(child.exitValue()).isEqualTo(128 + 2);
        assertThat(Namespaces.existing("jtl-silent-")).isEmpty();
    }

    @Test
    void afterSigkillTheLeftoversAreListedAndTheNextUpRemovesThem() throws Exception {
        Process child = holdLab(Scenario.PROHIBITED);
        signal(child, "KILL");
        assertThat(Lab.list()).filteredOn(s -> s.scenario() == Scenario.PROHIBITED).singleElement().satisfies(s -> {
            assertThat(s.owner()).hasValue(child.pid());
            assertThat(s.ownerAlive()).isFalse();
            assertThat(s.describe()).endsWith("(built by pid " + child.pid() + ", exited)");
        });
        try (LabNetwork lab = Lab.up(Scenario.PROHIBITED, 1)) {
            assertThat(Namespaces.existing("jtl-prohibited-")).containsExactlyInAnyOrderElementsOf(lab.namespaces());
        }
        assertThat(Namespaces.existing("jtl-prohibited-")).isEmpty();
    }
}
