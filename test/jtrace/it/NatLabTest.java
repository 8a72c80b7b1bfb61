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

    private static String trace(LabNetwork lab) throws Exception {
        return lab.inClient(() -> {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int status = Main.run(new String[] {"-n", lab.destination().getHostAddress()}, new PrintWriter(out, true), new PrintWriter(err, true));
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
