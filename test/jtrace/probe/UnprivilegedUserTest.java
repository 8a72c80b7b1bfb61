package jtrace.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The methods as an ordinary user (runuser -u jtrace-test) in a throwaway namespace: UDP works, -I and --raw
 * say what to do; once ping_group_range admits everyone, -I works through the ping socket.
 * Needs root; creates the throwaway user it runs as.
 */
class UnprivilegedUserTest {
    private static final String USER = jtrace.lab.Lab.TEST_USER;
    private ThrowawayNetns lab;
    private String ns;
    private Path classPath;

    @BeforeEach
    void setUp() throws Exception {
        ThrowawayNetns.assumeRoot();
        jtrace.lab.Lab.ensureUser(USER);  // a throwaway system account; CI machines start without it
        assumeTrue(runs("command -v runuser"), "skipped: needs runuser(1)");
        classPath = readableCopyOfClassPath();
        lab = new ThrowawayNetns();
        ns = lab.add("user");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lab != null) lab.close();
        if (classPath != null) try (Stream<Path> files = Files.walk(classPath)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void udpAndTcpWorkAndThePrivilegedMethodsSayWhatToDo() throws Exception {
        List<String> lines = runAsUser();

        assertThat(lines).contains("udp ok 200", "tcp ok 200");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("icmp refused: -I needs a ping socket or a raw socket: your group (gid ")
                .contains("net.ipv4.ping_group_range (1 0)", "root or CAP_NET_RAW", "the default UDP method, which works for any user"));
        assertThat(lines).contains("raw refused: " + ProbeSockets.rawDenied());
    }

    @Test
    void icmpUsesThePingSocketWhenTheGroupIsAdmitted() throws Exception {
        lab.in(ns, "sysctl -qw net.ipv4.ping_group_range=\"0 2147483647\"");
        assertThat(runAsUser()).contains("udp ok 200", "icmp ok ping 200", "raw refused: " + ProbeSockets.rawDenied());
    }

    private List<String> runAsUser() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "runuser", "-u", USER, "--",
                java, "--enable-native-access=ALL-UNNAMED", "-cp", classPathOf(classPath), UnprivilegedProbe.class.getName())
                .directory(new File("/tmp")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().toList();
    }

    /** The test class path copied where the user can read it (root's ~/.m2 usually is not). */
    private static Path readableCopyOfClassPath() throws IOException {
        Path dir = Files.createTempDirectory("jtx-cp-");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int i = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = dir.resolve(String.format("%03d-%s", i++, from.getFileName()));
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(f -> f.toFile().setReadable(true, false));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isDirectory).forEach(f -> f.toFile().setExecutable(true, false));
        }
        return dir;
    }

    private static String classPathOf(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.sorted().forEach(c -> entries.add(c.toString()));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean runs(String command) throws InterruptedException {
        try {
            ThrowawayNetns.sh(command);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
