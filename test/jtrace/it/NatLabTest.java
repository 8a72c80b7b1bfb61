package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import jtrace.cli.Main;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The nat lab's router 2 masquerades: a root trace over UDP says that hop 3 is the first behind a NAT (what its
 * routers quote carries another checksum), and a chain, with no NAT, says nothing of the kind.
 */
@Timeout(120)
@ExtendWith(LabLock.class)
class NatLabTest {
    @BeforeAll
    static void needsTheLab() {
        LabRuns.assumeLabAvailable();
    }

    private static String trace(LabNetwork lab, String... flags) throws Exception {
        return lab.inClient(() -> {
            StringWriter out = new StringWriter(), err = new StringWriter();
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(flags));
            args.addAll(java.util.List.of("-n", lab.destination().getHostAddress()));
            int status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            assertThat(status).as(err.toString()).isZero();
            return out.toString();
        });
    }

    @Test
    void theFirstHopBehindTheNatIsMarked() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.NAT)) {
            String out = trace(lab);
            System.out.print(out);
            assertThat(out).contains("note: hop 3 [NAT]: the first hop behind a NAT");
            // On the hop's own line as it streamed, and on no other.
            assertThat(out.lines().filter(l -> l.matches("^ ?\\d+  .*")).filter(l -> l.endsWith(" [NAT]")).toList())
                    .singleElement().asString().startsWith(" 3  " + lab.expectedHops().get(2).getHostAddress() + "  ");
        }
    }

    @Test
    void theJsonAndTheJshellTraceMarkItToo() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.NAT)) {
            java.util.Map<String, Object> json = jtrace.support.JsonReader.object(trace(lab, "--json"));
            assertThat(jtrace.support.AtlasSchema.problems(json)).isEmpty();
            @SuppressWarnings("unchecked") var hops = (java.util.List<java.util.Map<String, Object>>) json.get("result");
            assertThat(hops).filteredOn(h -> Boolean.TRUE.equals(h.get("behind_nat"))).extracting(h -> h.get("hop")).containsExactly(3L);
            jtrace.Trace t = LabRuns.inClient(lab, () -> jtrace.Jtrace.trace(lab.destination().getHostAddress(),
                    jtrace.Jtrace.options().numeric(true)));
            System.out.print(t);
            assertThat(t.hops()).filteredOn(jtrace.Hop::behindNat).extracting(jtrace.Hop::ttl).containsExactly(3);
            assertThat(t.findings()).contains(new jtrace.result.Finding.BehindNat(3));
        }
    }

    @Test
    void noNatNoMark() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            String out = trace(lab);
            System.out.print(out);
            assertThat(out).doesNotContain("[NAT]");
        }
    }
}
