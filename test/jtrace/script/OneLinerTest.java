package jtrace.script;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-liners newcomers are given, run for real through ./jbang in a private
 * JBANG_DIR: `jbang jtrace@CATALOG ...` from the repository's catalog on disk, and from
 * a copy served over HTTP on 127.0.0.1 (the path where wildcard //SOURCES would break).
 * Tag "jbang": each catalog's first run compiles the script (a few seconds).
 * As root, each alias also traces the lab's chain from inside its client namespace.
 */
@Tag("jbang")
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class OneLinerTest {
    private static final Path ROOT = Repo.root();

    @TempDir
    static Path jbangDir;
    @TempDir
    static Path served;

    private static HttpServer server;
    private static final Set<String> requested = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void serveACopyOfTheRepository() throws IOException {
        // A copy, so the files cannot change under JBang while other work goes on in the tree.
        Files.copy(ROOT.resolve("jtrace.java"), served.resolve("jtrace.java"));
        Files.copy(ROOT.resolve("jbang-catalog.json"), served.resolve("jbang-catalog.json"));
        List<String> files = new java.util.ArrayList<>(Repo.libSources(ROOT));
        // //FILES TARGET=SOURCE: JBang fetches SOURCE next to the script too.
        Repo.directive(Repo.header(ROOT.resolve("jtrace.java")), "FILES").forEach(f -> files.add(f.substring(f.indexOf('=') + 1)));
        for (String source : files) {
            Path target = served.resolve(source);
            Files.createDirectories(target.getParent());
            Files.copy(ROOT.resolve(source), target);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            Path file = served.resolve(path.substring(1)).normalize();
            boolean ok = "GET".equals(exchange.getRequestMethod()) && file.startsWith(served) && Files.isRegularFile(file);
            byte[] body = ok ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(ok ? 200 : 404, ok ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aliasFromTheCatalogOnDisk() throws Exception {
        Repo.jbang(jbangDir, "catalog", "add", "-g", "--name", "jtlocal", ROOT.resolve("jbang-catalog.json").toString());

        assertVersionAndHelp("jtrace@jtlocal");
        assertTracesTheLab("jtrace@jtlocal");
    }

    @Test
    void aliasFromACatalogServedOverHttp() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Repo.jbang(jbangDir, "trust", "add", base);
        Repo.jbang(jbangDir, "catalog", "add", "-g", "--name", "jtremote", base + "jbang-catalog.json");

        assertVersionAndHelp("jtrace@jtremote");
        assertTracesTheLab("jtrace@jtremote");
        // Every source came over HTTP, one by one, as the //SOURCES lines name them.
        assertThat(requested).contains("/jbang-catalog.json", "/jtrace.java")
                .containsAll(Repo.libSources(ROOT).stream().map(s -> "/" + s).collect(Collectors.toList()));
    }

    private static void assertVersionAndHelp(String alias) throws Exception {
        Repo.Result version = Repo.jbang(jbangDir, alias, "--version");
        assertThat(version.stdout()).as(version.describe()).contains(pomVersion());

        Repo.Result help = Repo.jbang(jbangDir, alias, "--help");
        assertThat(help.stdout()).as(help.describe()).contains("Usage: jtrace").contains("--version");

        // Cached now, and started from the wrapper's archives (made by the runs above): the answer and nothing else.
        Repo.Result again = Repo.jbang(jbangDir, alias, "--version");
        assertThat(again.stdout()).as(again.describe()).matches("jtrace " + java.util.regex.Pattern.quote(pomVersion()) + " \\(Java [^)]+\\)\n");
        assertThat(again.stderr()).as(again.describe()).isEmpty();
        try (var archives = Files.list(jbangDir.resolve("archives"))) {
            assertThat(archives.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("app-jtrace.app.jtrace-") && (n.endsWith(".jsa") || n.endsWith(".aot")));
        }
    }

    /** `jbang ALIAS -n DEST` inside the lab: the header, then exactly the chain's hops, reached. */
    private static void assertTracesTheLab(String alias) throws Exception {
        if (!jtrace.sys.Privileges.isRoot()) {
            System.out.println("OneLinerTest: not root, so " + alias + " is not traced across the lab (it needs namespaces)");
            return;
        }
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {
            String dest = lab.destination().getHostAddress();
            List<String> command = List.of("ip", "netns", "exec", lab.client(), ROOT.resolve("jbang").toString(), alias, "-n", dest);
            Repo.Result r = Repo.run(jbangDir, Repo.jbangEnv(jbangDir), command);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines.get(0)).isEqualTo("traceroute to " + dest + " (" + dest + "), 30 hops max, 60 byte packets");
            List<String> hops = lines.subList(1, lines.size());
            assertThat(hops).hasSize(lab.expectedHops().size());
            for (int i = 0; i < hops.size(); i++)
                assertThat(hops.get(i)).as(r.describe()).startsWith(String.format("%2d  %s  ", i + 1, lab.expectedHops().get(i).getHostAddress()));
        }
    }

    private static String pomVersion() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var project = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getDocumentElement();
        var versions = project.getElementsByTagName("version");
        for (int i = 0; i < versions.getLength(); i++) {
            if (versions.item(i).getParentNode() == project) {
                return versions.item(i).getTextContent().trim();
            }
        }
        throw new IllegalStateException("pom.xml has no project version");
    }
}
