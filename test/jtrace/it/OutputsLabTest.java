package jtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtrace.lab.CommandOutput;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import jtrace.support.AtlasSchema;
import jtrace.support.CsvReader;
import jtrace.support.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jtrace --json/--csv/--dot} and {@code -A} on the lab, as a user's shell runs them (a new JVM inside the
 * client namespace), every output parsed back. Names and origin ASes come from a real DNS server, dnsmasq, started
 * in the client namespace on 127.0.0.1 and put in a private /etc/resolv.conf (never the internet): PTR and A
 * records for the routers, and Team Cymru-style TXT records for two prefixes only — so the other hops get their AS
 * only if the per-prefix cache works.
 */
@Timeout(180)
@ExtendWith(LabLock.class)
class OutputsLabTest {
    @RegisterExtension
    static final LabCommandLine cli = new LabCommandLine();

    @Test
    void jsonIsAnAtlasResultOfTheLabRoute() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--json", dest(lab))));
            assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
            Map<String, Object> r = JsonReader.object(String.join("\n", run.stdout()));
            assertThat(AtlasSchema.problems(r)).isEmpty();
            assertThat(r).containsEntry("dst_addr", dest(lab)).containsEntry("src_addr", "10.71.1.1").containsEntry("proto", "UDP")
                    .containsEntry("af", 4L).containsEntry("size", 60L);
            assertThat(hopAddresses(r)).isEqualTo(LabRuns.text(lab.expectedHops()));
            // Linux routers and hosts quote the whole 60-byte probe: Atlas's size counts what follows the ICMP header.
            assertThat(replies(r)).isNotEmpty().allSatisfy(x -> assertThat(x).as("reply").containsEntry("size", 60L));
        }
    }

    /**
     * Atlas's ittl: the TTL the probe still had where it was answered. Traced from TTL 3 (-f 3), the probes reach
     * router 2 with TTL 2, and its prohibit route refuses them there (!X): the raw socket reads the quoted TTL.
     */
    @Test
    void jsonSaysWhatTtlAProbeHadLeftWhereItWasRefused() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.PROHIBITED)) {
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--raw", "-f", "3", "--json", dest(lab))));
            assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
            Map<String, Object> r = JsonReader.object(String.join("\n", run.stdout()));
            assertThat(AtlasSchema.problems(r)).isEmpty();
            assertThat(r).containsEntry("proto", "ICMP");
            List<Map<String, Object>> refused = replies(r);
            String router2 = lab.expectedHops().get(1).getHostAddress();
            assertThat(refused).isNotEmpty().allSatisfy(x -> assertThat(x).as("reply").containsEntry("from", router2)
                    .containsEntry("err", "A").containsEntry("ittl", 2L).containsEntry("size", 60L));
        }
    }

    /** A probe the kernel refuses to send (the client's own prohibit route to the destination) is a hop error, as Atlas writes it. */
    @Test
    void aSendTheKernelRefusesIsTheHopsError() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            lab.exec(LabRuns.which("ip"), "route", "add", "prohibit", dest(lab) + "/32");
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--json", dest(lab))));
            Map<String, Object> r = JsonReader.object(String.join("\n", run.stdout()));
            assertThat(AtlasSchema.problems(r)).isEmpty();
            List<?> hops = (List<?>) r.get("result");
            assertThat(hops).hasSize(1);
            @SuppressWarnings("unchecked") Map<String, Object> hop = (Map<String, Object>) hops.get(0);
            assertThat(hop).containsEntry("hop", 1L).doesNotContainKey("result");
            assertThat(r).doesNotContainKey("src_addr");  // no route, so no source address: left out, not invented
            assertThat((String) hop.get("error")).startsWith("sendto " + dest(lab) + ": ");
        }
    }

    @Test
    void csvHasOneRowPerProbeOfTheLabRoute() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.SILENT)) {
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--csv", dest(lab))));
            assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
            List<List<String>> rows = CsvReader.rows(String.join("\n", run.stdout()) + "\n");
            assertThat(rows.get(0)).startsWith("target", "hop", "probe", "address");
            List<InetAddress> route = lab.expectedHops();
            // Three probes per hop, and the silent router's one more, sent once a rate limit would have refilled.
            assertThat(rows).hasSize(1 + 3 * route.size() + 1);
            for (List<String> row : rows.subList(1, rows.size())) {
                InetAddress want = route.get(Integer.parseInt(row.get(1)) - 1);
                assertThat(row.get(0)).isEqualTo(dest(lab));
                assertThat(row.get(3)).as("row %s", row).isEqualTo(want == null ? "" : want.getHostAddress());
                if (want != null) assertThat(Double.parseDouble(row.get(6))).as("rtt of %s", row).isPositive();
            }
        }
    }

    @Test
    void dotLinksEveryHopToTheNext() throws Exception {
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            CommandOutput run = LabRuns.guarded(lab, () -> lab.run(cli.jtrace("-n", "--dot", dest(lab))));
            assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isZero();
            List<String> edges = new ArrayList<>();
            Matcher m = Pattern.compile("^\\s*\"([^\"]+)\" -> \"([^\"]+)\";$", Pattern.MULTILINE).matcher(String.join("\n", run.stdout()));
            while (m.find()) edges.add(m.group(1) + " -> " + m.group(2));
            List<String> route = new ArrayList<>(List.of("10.71.1.1"));
            route.addAll(LabRuns.text(lab.expectedHops()));
            List<String> want = new ArrayList<>();
            for (int i = 0; i + 1 < route.size(); i++) want.add(route.get(i) + " -> " + route.get(i + 1));
            assertThat(edges).isEqualTo(want);
        }
    }

    /** -A: each address's origin AS after it, from TXT records; two queries for six hops (the cache per prefix). */
    @Test
    void asOriginsComeFromTheLabDnsServerOncePerPrefix() throws Exception {
        assumeTrue(LabRuns.which("dnsmasq") != null, "skipped: dnsmasq is not installed (.ci/run installs dnsmasq-base)");
        assumeTrue(LabRuns.which("unshare") != null, "skipped: needs unshare(1)");
        Path dir = Files.createTempDirectory("jtrace-dns-");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
            List<String> dnsmasq = new ArrayList<>(List.of(LabRuns.which("ip"), "netns", "exec", lab.client(), LabRuns.which("dnsmasq"),
                    "--keep-in-foreground", "--no-resolv", "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--pid-file=", "--log-queries", "--log-facility=-",
                    "--txt-record=2.1.71.10.origin.asn.cymru.com,64501 | 10.71.0.0/22 | ZZ | other | 2024-01-01",
                    "--txt-record=2.4.71.10.origin.asn.cymru.com,64502 | 10.71.4.0/22 | ZZ | other | 2024-01-01"));
            for (int k = 1; k <= 5; k++) dnsmasq.add("--host-record=r" + k + ".names.test,10.71." + k + ".2");
            dnsmasq.add("--host-record=dest.names.test," + dest(lab));
            Process server = new ProcessBuilder(dnsmasq).redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
            try {
                waitForServer(lab, dir);
                Files.writeString(dir.resolve("dnsmasq.log"), "");  // count only the trace's queries
                CommandOutput text = LabRuns.guarded(lab, () -> withResolver(lab, dir, cli.jtrace("-A", dest(lab))));
                assertThat(text.exitCode()).as("stderr: %s", text.stderr()).isZero();
                List<String> hops = text.stdout().subList(1, text.stdout().size());
                assertThat(hops).hasSize(6);
                for (int k = 1; k <= 6; k++) {
                    String name = k == 6 ? "dest.names.test" : "r" + k + ".names.test";
                    String addr = "10.71." + k + ".2";
                    assertThat(hops.get(k - 1)).startsWith(String.format("%2d  %s (%s) [AS%d]  ", k, name, addr, k <= 3 ? 64501 : 64502));
                }
                long txtQueries = Files.readAllLines(dir.resolve("dnsmasq.log")).stream()
                        .filter(l -> l.contains("query[TXT]")).count();
                assertThat(txtQueries).as("TXT queries (one per announced prefix)").isEqualTo(2);

                CommandOutput csv = LabRuns.guarded(lab, () -> withResolver(lab, dir, cli.jtrace("-n", "-A", "--csv", dest(lab))));
                assertThat(csv.exitCode()).as("stderr: %s", csv.stderr()).isZero();
                List<List<String>> rows = CsvReader.rows(String.join("\n", csv.stdout()) + "\n");
                for (List<String> row : rows.subList(1, rows.size()))
                    if (!row.get(3).isEmpty()) assertThat(row.get(5)).as("asn of %s", row).isEqualTo(Integer.parseInt(row.get(1)) <= 3 ? "64501" : "64502");

                // mtr's report (watch -c without a terminal) with the AS of each hop
                CommandOutput report = LabRuns.guarded(lab, () -> withResolver(lab, dir,
                        cli.jtrace("watch", "-n", "-A", "-c", "2", "--interval", "0.2", "--csv", dest(lab))));
                assertThat(report.exitCode()).as("stderr: %s", report.stderr()).isZero();
                List<List<String>> hubs = CsvReader.rows(String.join("\n", report.stdout()) + "\n");
                assertThat(hubs).hasSize(1 + 6);
                for (List<String> hub : hubs.subList(1, hubs.size())) {
                    int ttl = Integer.parseInt(hub.get(1));
                    assertThat(hub.get(2)).isEqualTo("10.71." + ttl + ".2");
                    assertThat(hub.get(4)).as("asn of %s", hub).isEqualTo(ttl <= 3 ? "64501" : "64502");
                    // Each of the 2 rounds probed every hop; a re-probe after a drained router's refill is sent too, and counts.
                    assertThat(Integer.parseInt(hub.get(6))).as("Snt of %s", hub).isGreaterThanOrEqualTo(2);
                }
            } finally {
                server.destroy();
                server.waitFor();
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    private static String dest(LabNetwork lab) { return lab.destination().getHostAddress(); }

    /** Every answer in an Atlas result (not the timeouts). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> replies(Map<String, Object> r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object h : (List<Object>) r.get("result"))
            for (Map<String, Object> x : (List<Map<String, Object>>) ((Map<String, Object>) h).get("result"))
                if (!x.containsKey("x")) out.add(x);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> hopAddresses(Map<String, Object> r) {
        List<String> out = new ArrayList<>();
        for (Object h : (List<Object>) r.get("result")) {
            List<Map<String, Object>> replies = (List<Map<String, Object>>) ((Map<String, Object>) h).get("result");
            out.add(replies.stream().map(x -> (String) x.get("from")).filter(a -> a != null).findFirst().orElse("*"));
        }
        return out;
    }

    /** dnsmasq answers once it is listening: ask it until it does (or give up with its log). */
    private static void waitForServer(LabNetwork lab, Path dir) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (withResolver(lab, dir, List.of("getent", "hosts", "r1.names.test")).exitCode() == 0) return;
            Thread.sleep(50);
        }
        throw new AssertionError("dnsmasq did not answer: " + Files.readString(dir.resolve("dnsmasq.log")));
    }

    /** Runs {@code command} in the client namespace with our resolv.conf bound over the system's (a private mount namespace). */
    private static CommandOutput withResolver(LabNetwork lab, Path dir, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(LabRuns.which("unshare"), "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\"", "sh", dir.resolve("resolv.conf").toString(),
                LabRuns.which("ip"), "netns", "exec", lab.client()));
        full.addAll(command);
        Process p = new ProcessBuilder(full).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        System.out.printf("== %s -> exit %d%n%s%s%n", String.join(" ", command.subList(Math.max(0, command.size() - 4), command.size())).replaceAll("\\S*jtrace-it-cp\\S*", "CP"),
                status, out, err);
        return new CommandOutput(full, status, out.lines().toList(), err.lines().toList());
    }
}
