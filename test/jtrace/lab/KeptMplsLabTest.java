package jtrace.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jtrace.it.LabLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code jtrace lab up mpls} returns to the shell, and the MPLS core's responder stays: a trace from another process
 * sees the label stacks. {@code jtrace lab down} stops it: no responder process and no namespace remain. Every step is
 * its own JVM, as a user would type them.
 */
@Timeout(120)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class KeptMplsLabTest {
    private static final Pattern PID = Pattern.compile("responder process \\(pid (\\d+)\\)");

    private static CommandOutput jtrace(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "jtrace.cli.Main"));
        command.addAll(List.of(args));
        CommandOutput out = Commands.run(command, null);
        System.out.printf("== jtrace %s%n%s%n%s%n", String.join(" ", args), String.join("\n", out.stdout()), String.join("\n", out.stderr()));
        assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
        return out;
    }

    @Test
    void theResponderOutlivesLabUpAndGoesWithLabDown() throws Exception {
        assumeTrue(Commands.isRoot(), "skipped: the lab tests need root (run mvn test with sudo)");
        assumeTrue(Commands.find("ip").isPresent(), "skipped: the lab tests need iproute2 (ip)");
        Lab.down(Scenario.MPLS);
        long pid = -1;
        try {
            CommandOutput up = jtrace("lab", "up", "mpls");
            Matcher m = PID.matcher(String.join("\n", up.stdout()));
            assertThat(m.find()).as("lab up names the responder's pid: %s", up.stdout()).isTrue();
            pid = Long.parseLong(m.group(1));
            assertThat(ResponderProcess.running(pid)).as("the responder after lab up has exited").isTrue();
            assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("")).contains(ResponderProcess.class.getName());

            Topology t = new Topology(Scenario.MPLS, Topology.DEFAULT_ROUTERS);
            CommandOutput trace = jtrace("lab", "trace", "mpls", "-n", "-e", "-q", "1");
            assertThat(trace.stdout()).filteredOn(l -> l.contains("<MPLS:L=")).hasSize(3);
            assertThat(trace.stdout()).anySatisfy(l -> assertThat(l).startsWith(" 3  " + t.lsr(1).getHostAddress() + " <MPLS:L=24001,E=0,S=1,T=1"));
            assertThat(ResponderProcess.running(pid)).as("still there after a trace from another process").isTrue();

            CommandOutput down = jtrace("lab", "down", "mpls");
            assertThat(down.stdout()).singleElement().asString().startsWith("removed ");
            assertThat(ResponderProcess.running(pid)).as("the responder after lab down").isFalse();
            assertThat(Namespaces.existing(Topology.namespacePrefix(Scenario.MPLS))).isEmpty();
        } finally {
            if (pid > 0 && ResponderProcess.running(pid)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Lab.down(Scenario.MPLS);
        }
    }
}
