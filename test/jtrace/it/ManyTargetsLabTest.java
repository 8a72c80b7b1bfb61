package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.support.AtlasSchema;
import jtrace.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many targets at once, on real kernel routers: 100 addresses behind one path of 6 routers, traced by
 * {@code jtrace --json --targets FILE} in a new JVM in the client namespace. Every trace must be exact (each hop the
 * lab's router, the last its own target), and router 1 must have sent at most 30 time-exceeded for all of them
 * (its own counter, /proc/net/snmp Icmp.OutTimeExcds): shared hops are not probed again for every target.
 *
 * <p>The 100 addresses sit on the destination's link and stand for 100 hosts: each real host would have its own ICMP
 * budget, so the destination namespace's own per-peer limit is turned off (net.ipv4.icmp_ratelimit=0); the routers
 * keep Linux's defaults (a burst of 6, then one a second).
 */
@Timeout(180)
@ExtendWith(LabLock.class)
class ManyTargetsLabTest {
    static final int ROUTERS = 6, TARGETS = 100;
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    @Test
    void aHundredTargetsBehindOnePathAreEachExactAndCostRouterOneLittle() throws Exception {
        Path dir = Files.createTempDirectory("jtrace-targets-");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, ROUTERS)) {
            List<String> targets = addTargets(lab, TARGETS);
            Path file = dir.resolve("targets.txt");
            Files.writeString(file, "# the lab's far link\n" + String.join("\n", targets) + "\n");
            file.toFile().setReadable(true, false);
            String r1 = lab.topology().routerNamespace(1);
            long before = LabRuns.snmp(r1).get("Icmp.OutTimeExcds");
            List<Map<String, Long>> routersBefore = new ArrayList<>();
            for (int k = 1; k <= ROUTERS; k++) routersBefore.add(LabRuns.snmp(lab.topology().routerNamespace(k)));
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--json", "--targets", file.toString())));
            long sentByRouter1 = LabRuns.snmp(r1).get("Icmp.OutTimeExcds") - before;
            assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
            assertThat(run.stderr()).isEmpty();

            List<InetAddress> routers = lab.expectedHops().subList(0, ROUTERS);
            Map<String, Map<String, Object>> byTarget = new LinkedHashMap<>();
            for (String line : run.stdout()) {
                Map<String, Object> r = JsonReader.object(line);  // one result per line
                assertThat(AtlasSchema.problems(r)).as(line).isEmpty();
                byTarget.put((String) r.get("dst_addr"), r);
            }
            assertThat(byTarget.keySet()).containsExactlyInAnyOrderElementsOf(targets);
            int reusedTraces = 0;
            for (String target : targets) {
                Map<String, Object> r = byTarget.get(target);
                List<String> want = new ArrayList<>(LabRuns.text(routers));
                want.add(target);
                assertThat(hops(r)).as("route to %s", target).isEqualTo(want);
                if (reused(r) == ROUTERS) reusedTraces++;
            }
            assertThat(reusedTraces).as("traces that took hops 1-6 from another target's trace").isGreaterThanOrEqualTo(TARGETS - 10);
            assertThat(sentByRouter1).as("time-exceeded sent by router 1 for %d targets (naively %d)", TARGETS, 3 * TARGETS)
                    .isLessThanOrEqualTo(30);
            System.out.printf("[ManyTargetsLabTest] %d targets: router 1 sent %d time-exceeded; %d traces reused hops 1-%d%n",
                    TARGETS, sentByRouter1, reusedTraces, ROUTERS);
            // Each router's budget was respected: every probe that expired at it drew its answer, none was refused.
            for (int k = 1; k <= ROUTERS; k++) {
                Map<String, Long> b = routersBefore.get(k - 1), a = LabRuns.snmp(lab.topology().routerNamespace(k));
                long expired = a.get("Ip.InHdrErrors") - b.get("Ip.InHdrErrors"), answered = a.get("Icmp.OutTimeExcds") - b.get("Icmp.OutTimeExcds");
                System.out.printf("   router %d: %d probes expired there, %d answered%n", k, expired, answered);
                assertThat(answered).as("router %d: answers for the probes that expired there", k).isEqualTo(expired);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    /** Puts {@code n} more addresses on the destination's link (the lab's last /24) and returns them. */
    static List<String> addTargets(LabNetwork lab, int n) throws Exception {
        String dest = lab.destination().getHostAddress();
        String ns = lab.topology().destinationNamespace();
        String prefix = dest.substring(0, dest.lastIndexOf('.') + 1);
        String dev = null;
        for (String line : run("ip", "-n", ns, "-o", "-4", "addr", "show"))
            if (line.contains(" " + dest + "/")) dev = line.split("\\s+")[1];
        assertThat(dev).as("the destination's interface").isNotNull();
        StringBuilder batch = new StringBuilder();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String a = prefix + (10 + i);
            targets.add(a);
            batch.append("addr add ").append(a).append("/24 dev ").append(dev).append('\n');
        }
        Path f = Files.createTempFile("jtrace-addrs-", ".batch");
        try {
            Files.writeString(f, batch.toString());
            run("ip", "-n", ns, "-batch", f.toString());
        } finally {
            Files.delete(f);
        }
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_ratelimit=0");  // 100 hosts, 100 budgets
        return targets;
    }

    private static List<String> run(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of(command));
        full.set(0, LabRuns.which(command[0]));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> hops(Map<String, Object> r) {
        List<String> out = new ArrayList<>();
        for (Object h : (List<Object>) r.get("result")) {
            List<Map<String, Object>> replies = (List<Map<String, Object>>) ((Map<String, Object>) h).get("result");
            out.add(replies.stream().map(x -> (String) x.get("from")).filter(a -> a != null).findFirst().orElse("*"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static int reused(Map<String, Object> r) {
        return (int) ((List<Object>) r.get("result")).stream().filter(h -> ((Map<String, Object>) h).containsKey("reused_from")).count();
    }
}
