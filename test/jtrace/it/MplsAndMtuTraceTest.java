package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import jtrace.Hop;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.packet.AddressText;
import jtrace.probe.Method;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import jtrace.result.Stop;

/**
 * -e on the MPLS lab (three label switching routers behind router 2 answer with RFC 4950 label stacks and RFC
 * 5837 interface objects) and --mtu on the MTU lab (a 1280-byte link behind router 2): as an ordinary user through
 * the command line, both families, and in this JVM with every method; the Atlas JSON carries icmpext and mtu.
 */
@Timeout(180)
@ExtendWith(LabLock.class)
class MplsAndMtuTraceTest {
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    private static List<String> jtraceAsUser(LabNetwork lab, String... args) throws Exception {
        CommandOutput out = LabRuns.guarded(lab, () -> lab.runAs(cli.user(), cli.jtrace(args)));
        System.out.printf("== %s as %s: jtrace %s%n%s%n%s%n", lab.scenario(), cli.user(), String.join(" ", args),
                String.join("\n", out.stdout()), String.join("\n", out.stderr()));
        assertThat(out.exitCode()).as("stderr: %s", out.stderr()).isZero();
        assertThat(out.stderr()).isEmpty();
        return out.stdout();
    }

    @Test
    void anOrdinaryUserSeesTheLabelStacksWithDashE() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.MPLS)) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                boolean v6 = target.equals(lab.destination6());
                List<String> lines = jtraceAsUser(lab, "-n", "-e", "-q", "1", AddressText.of(target));
                assertThat(lines).hasSize(10);  // the header, 2 routers, 3 LSRs, 3 routers, the destination
                for (int i = 1; i <= 3; i++) {
                    String lsr = AddressText.of(v6 ? lab.topology().lsr6(i) : lab.topology().lsr(i));
                    assertThat(lines.get(2 + i)).startsWith(String.format("%2d  %s <MPLS:L=%d,E=0,S=1,T=1;IF:in,index=%d,addr=%s,name=lsr%d-in,mtu=1500>  ",
                            2 + i, lsr, 24000 + i, i, lsr, i));
                }
                assertThat(lines.get(1)).doesNotContain("<");
                assertThat(lines.get(9)).startsWith(" 9  " + AddressText.of(target) + "  ");
                assertThat(jtraceAsUser(lab, "-n", "-q", "1", AddressText.of(target))).as("without -e").noneMatch(l -> l.contains("<"));
            }
        }
    }

    @Test
    void everyMethodReadsTheExtensionsAndTheJsonCarriesThem() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.MPLS, 2)) {
            for (Method method : Method.values()) {
                for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                    Options o = LabRuns.options(method).queries(1).extensions(true).withFamilyPacketSize(target);
                    Trace t = LabRuns.inClient(lab, () -> {
                        try (ProbeMethod m = Methods.open(method, target, o.probeSettings())) {
                            return new RouteScanner(m, o).scan(target);
                        }
                    });
                    System.out.printf("== mpls, %s -e to %s%n%s", method, AddressText.of(target), t.text());
                    assertThat(t.stop()).isEqualTo(Stop.REACHED);
                    Hop lsr2 = t.hop(4);
                    assertThat(lsr2.probes()).singleElement().satisfies(p ->
                            assertThat(p.reply().extensions().mpls()).singleElement().satisfies(e -> assertThat(e.label()).isEqualTo(24002)));
                    assertThat(t.hop(1).probes().get(0).reply().extensions()).as("a Linux router: none").isNull();
                    assertThat(t.json().toString()).contains("\"icmpext\": {\"version\": 2, \"rfc4884\": 1, \"obj\": [{\"class\": 1, \"type\": 1, "
                            + "\"mpls\": [{\"exp\": 0, \"label\": 24002, \"s\": 1, \"ttl\": 1}]}, {\"class\": 2, \"type\": 15}]}");
                }
            }
        }
    }

    @Test
    void anOrdinaryUserFindsThePathMtuInBothFamilies() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.MTU)) {
            for (InetAddress target : List.of(lab.destination(), lab.destination6())) {
                List<String> lines = jtraceAsUser(lab, "-n", "--mtu", AddressText.of(target));
                assertThat(lines.get(0)).endsWith(", 30 hops max, 1500 byte packets");
                assertThat(lines).hasSize(7);
                assertThat(lines.get(1)).matches(" 1  \\S+  [0-9.]+ ms F=1500  [0-9.]+ ms  [0-9.]+ ms");
                assertThat(lines.get(2)).doesNotContain("F=");
                assertThat(lines.get(3)).matches(" 3  \\S+  [0-9.]+ ms F=1280  [0-9.]+ ms  [0-9.]+ ms");
                assertThat(lines.subList(4, 7)).noneMatch(l -> l.contains("F=") || l.contains("*"));
            }
            Options o = LabRuns.options(Method.UDP).mtu(true).queries(1);
            Trace t = LabRuns.inClient(lab, () -> {
                try (ProbeMethod m = Methods.open(Method.UDP, lab.destination(), o.probeSettings())) {
                    return new RouteScanner(m, o).scan(lab.destination());
                }
            });
            assertThat(t.hops()).extracting(Hop::probeSize).containsExactly(1500, 1500, 1280, 1280, 1280, 1280);
            assertThat(t.json().toString()).contains("\"mtu\": 1280").contains("\"mtu\": 1500");
            assertThat(t.text()).contains(" F=1500", " F=1280");
        }
    }
}
