package jtrace.teach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import jtrace.it.LabLock;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks in examples/, run as a reader would: {@code ./jbang jtrace.java notebook setup} into a scratch
 * home, then Jupyter (Debian's nbconvert) executes each notebook headless with rapaio's kernel inside a fresh lab's
 * client namespace. Every cell must run without error, and the outputs must be the values' tables and pictures.
 * One executed notebook is then rendered by headless Chromium, which must paint the table and the picture.
 */
@Tag("jbang")
@ExtendWith(LabLock.class)
class NotebooksTest {
    static final String PYTHON = "/usr/bin/python3";  // Debian's, with nbconvert (another python3 may come first on PATH)

    @TempDir
    static Path jbangDir;
    @TempDir
    static Path home;
    @TempDir
    static Path out;

    @BeforeAll
    static void setUp() throws Exception {
        Runs.assumeLab();
        boolean jupyter = Files.isExecutable(Path.of(PYTHON)) && new ProcessBuilder(PYTHON, "-c", "import nbconvert, nbclient")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        if (!jupyter) System.out.println("[jtrace.teach] skipped: the notebooks need Debian's python3-nbconvert (.ci/run installs it)");
        assumeTrue(jupyter, "skipped: no python3-nbconvert");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN)) {  // setup needs no lab; inLab is simply the tests' way to run
            Runs.Output setup = Runs.inLab(lab, Runs.ROOT, env(), null, 300,
                    List.of(Runs.ROOT.resolve("jbang").toString(), "jtrace.java", "notebook", "setup"));
            System.out.println("== ./jbang jtrace.java notebook setup\n" + setup.stdout());
            assertThat(setup.exitCode()).as(setup.describe()).isZero();
            assertThat(setup.stdout()).contains("kernel spec:  " + home.resolve(".local/share/jupyter/kernels/jtrace/kernel.json"),
                    "    %load \\{System.getenv(\"HOME\")}/.local/share/jtrace/notebook/jtrace.ipynb");
        }
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Runs.jbangEnv(jbangDir));
        env.put("HOME", home.toString());
        env.put("JUPYTER_DATA_DIR", home.resolve(".local/share/jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        return env;
    }

    /**
     * Executes examples/{@code name} in a fresh lab of {@code scenario}; returns its outputs, flattened: a line
     * "=== cell N" per code cell, then "--- OUTPUT_TYPE MIME" and the text of each output.
     */
    static String execute(Scenario scenario, String name) throws Exception {
        Path executed = out.resolve(name), copy = out.resolve("source").resolve(name);
        Files.createDirectories(copy.getParent());
        Files.copy(Runs.ROOT.resolve("examples").resolve(name), copy);  // the kernel runs where the notebook is: not in the repo
        try (LabNetwork lab = Lab.up(scenario)) {
            // One start, no retry: the kernel's start race is fixed where it was (notebook/LoopThread.java, KernelLoopTest).
            Runs.Output run = Runs.inLab(lab, out, env(), null, 600, List.of(PYTHON, "-m", "nbconvert", "--to", "notebook",
                    "--execute", "--ExecutePreprocessor.startup_timeout=60", "--ExecutePreprocessor.timeout=300",
                    "--output-dir", out.toString(), copy.toString()));
            assertThat(run.exitCode()).as("the notebook did not run through:\n" + run.describe()).isZero();
        }
        return flatten(executed, name + " (" + scenario.label() + " lab)");
    }

    /** An executed notebook's outputs as text (see {@link #execute}); none of them an error. */
    static String flatten(Path executed, String what) throws Exception {
        Runs.Output flat = run(List.of(PYTHON, "-c", String.join("\n",
                "import json, sys",
                "nb = json.load(open(sys.argv[1]))",
                "for i, c in enumerate(x for x in nb['cells'] if x['cell_type'] == 'code'):",
                "    print('=== cell', i)",
                "    for o in c.get('outputs', []):",
                "        if o['output_type'] == 'stream': print('---', 'stream', o['name']); print(''.join(o['text']))",
                "        elif o['output_type'] == 'error': print('---', 'error', o['ename'], o['evalue'])",
                "        else:",
                "            for mime, data in o.get('data', {}).items(): print('---', o['output_type'], mime); print(''.join(data))"),
                executed.toString()));
        assertThat(flat.exitCode()).as(flat.describe()).isZero();
        System.out.printf("== %s, outputs:%n%s%n", what, flat.stdout().length() > 4000
                ? flat.stdout().substring(0, 4000) + "…" : flat.stdout());
        assertThat(flat.stdout()).doesNotContain("--- error", "Exception", "cannot find symbol");
        return flat.stdout();
    }

    static Runs.Output run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String stdout = new String(p.getInputStream().readAllBytes()), stderr = new String(p.getErrorStream().readAllBytes());
        return new Runs.Output(p.waitFor(), stdout, stderr);
    }

    /** The HTML of every execute_result (a cell that ends in a value), in order. */
    static List<String> results(String flat, String mime) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)--- execute_result " + Pattern.quote(mime) + "\n(.*?)(?=\n--- |\n=== |\\z)").matcher(flat);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    @Test
    void firstTraceShowsTheTraceAsATableAndItsPictureAndChromiumPaintsThem() throws Exception {
        String flat = execute(Scenario.CHAIN, "first-trace.ipynb");
        // The printed parts, as the script prints them.
        assertThat(flat).contains("traceroute to 10.71.6.2 (10.71.6.2), 30 hops max, 60 byte packets\n")
                .contains("hops: 6, reached the destination: true, stopped because: REACHED\n");
        for (int ttl = 1; ttl <= 6; ttl++) assertThat(flat).containsPattern(ExamplesTest.chainHop(ttl));
        // `t`: the table, a row per hop, named, with three times and bars each.
        List<String> html = results(flat, "text/html");
        String table = html.stream().filter(h -> h.contains("class=\"jtrace-hops\"")).findFirst().orElseThrow(
                () -> new AssertionError("no trace table among the results: " + html));
        assertThat(count(table, "<tr class=\"answered\"")).isEqualTo(6);
        assertThat(table).contains(">r1.chain.lab<", ">dest.chain.lab<", ">10.71.6.2<");
        assertThat(count(table, "class=\"rtt\"")).isEqualTo(18);
        // `t.svg()`: the route, six boxes, the last one the destination.
        List<String> svg = results(flat, "image/svg+xml");
        assertThat(svg).hasSize(1);
        assertThat(count(svg.get(0), "<g class=\"hop")).isEqualTo(6);
        assertThat(svg.get(0)).contains("<g class=\"hop destination\">", ">dest.chain.lab<", ">r3.chain.lab<");

        // A real browser: nbconvert's HTML page of the executed notebook, rendered by headless Chromium.
        assumeTrue(Runs.which("chromium") != null, "no chromium (.ci/run installs it)");
        Runs.Output page = run(List.of(PYTHON, "-m", "nbconvert", "--to", "html", out.resolve("first-trace.ipynb").toString()));
        assertThat(page.exitCode()).as(page.describe()).isZero();
        Path html5 = out.resolve("first-trace.html");
        Runs.Output dom = run(List.of(Runs.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                html5.toUri().toString()));
        assertThat(dom.stdout()).contains("class=\"jtrace-hops\"", "class=\"jtrace-route\"", "dest.chain.lab");
        Path shot = out.resolve("first-trace.png");
        Runs.Output screenshot = run(List.of(Runs.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1100,8000", "--screenshot=" + shot, html5.toUri().toString()));
        assertThat(Files.exists(shot)).as(screenshot.describe()).isTrue();
        // The bars and boxes are painted in jtrace's blue (#4878b0); the destination box in green (#e3f1e3).
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(pixels(image, 0x4878b0)).as("blue pixels: RTT bars and hop boxes").isGreaterThan(500);
        assertThat(pixels(image, 0xe3f1e3)).as("green pixels: the destination's box").isGreaterThan(1000);
        // The README's picture (docs/notebook.png) is the table and the route cut from this page.
        Files.copy(shot, Runs.ROOT.resolve("target/first-trace.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void handmadePacketShowsTheDecodedPacketAsATable() throws Exception {
        String flat = execute(Scenario.CHAIN, "handmade-packet.ipynb");
        assertThat(flat).contains("its checksum verifies: true\n", "the bytes sent are ours: true\n",
                "the router quoted them back unchanged: true\n");
        String decoded = results(flat, "text/html").stream().filter(h -> h.contains("class=\"jtrace-decoded\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no decoded table: " + flat));
        assertThat(decoded).contains(">time to live<", ">00 3c<", ">0xf0c5<");
    }

    @Test
    void checksumAndLessonOneRun() throws Exception {
        assertThat(execute(Scenario.CHAIN, "checksum.ipynb")).contains("by hand:           9e30\n", "checksum(header):  0000  (0 means correct)\n");
        String lesson = execute(Scenario.CHAIN, "lesson-1.ipynb");
        assertThat(lesson).contains("1. time to live: 3 (routers left before it is dropped (each takes one)) [byte 8]\n",
                "2. TTL 6 to 10.71.6.2 (raw): echo reply from 10.71.6.2 in ", "5. the destination is 6 hops away\n");
    }

    @Test
    void lessonTwoDrawsTheSilentHopDashed() throws Exception {
        String flat = execute(Scenario.SILENT, "lesson-2.ipynb");
        assertThat(flat).contains("1. hop 3 silent: true; hops after it answered: true; reached: true\n");
        List<String> svg = results(flat, "image/svg+xml");
        assertThat(svg).hasSize(1);
        assertThat(count(svg.get(0), "<g class=\"hop silent\">")).isEqualTo(1);
    }

    @Test
    void lessonFourDrawsTheClassicTraceAndTheMultipathGraph() throws Exception {
        String flat = execute(Scenario.ECMP, "lesson-4.ipynb");
        assertThat(flat).contains("3. answers needed at 95%: [6, 11, 16, 21, 27] to rule out a 2nd..6th next hop\n", "links:\n")
                .containsPattern("2\\. Paris: never two routers in one hop; over six flows hop 2 was \\[").doesNotContain("MIXED");
        Matcher mda = Pattern.compile("3\\. MDA: hop 2 has ([12]) routers; widest hop \\1; \\d+ probes").matcher(flat);
        assertThat(mda.find()).as(flat).isTrue();
        int branches = Integer.parseInt(mda.group(1));
        // `classic.svg()`: the classic trace's picture, six hops deep.
        List<String> svg = results(flat, "image/svg+xml");
        assertThat(svg).hasSize(1);
        assertThat(svg.get(0)).contains("class=\"jtrace-route\"", ">10.76.6.2<");
        // `m`: the multipath graph, hop 2's routers side by side, each linked to r1 before and r3 after; then its text.
        String graph = results(flat, "text/html").stream().filter(h -> h.contains("class=\"jtrace-route\"") && h.contains("links:"))
                .findFirst().orElseThrow(() -> new AssertionError("no multipath graph among the results: " + flat));
        assertThat(count(graph, "<g class=\"hop")).isEqualTo(5 + branches);
        assertThat(count(graph, "<line class=\"link\"")).isEqualTo(3 + 2 * branches);
    }

    @Test
    void anOrdinaryUserRunsLessonThreeUdpIcmpAndTcpWithoutRoot() throws Exception {
        // The notebook path without root: the user's own setup (kernel jar, jars, kernel spec in a home it owns),
        // Jupyter and the kernel run as that user; the traces go out over UDP, a ping socket and TCP connect().
        String user = Lab.ensureUser(Lab.TEST_USER);
        Path userHome = Files.createTempDirectory("jtrace-notebook-user");
        try {
            Path kernelJar = userHome.resolve("rapaio-jupyter-kernel.jar");
            Files.copy(Path.of(System.getProperty("user.home"), ".m2/repository/io/github/padreati/rapaio-jupyter-kernel",
                    jtrace.notebook.NotebookSetup.KERNEL_VERSION, "rapaio-jupyter-kernel-" + jtrace.notebook.NotebookSetup.KERNEL_VERSION + ".jar"), kernelJar);
            Map<String, String> env = new HashMap<>(env());
            env.put("HOME", userHome.toString());
            env.put("JUPYTER_DATA_DIR", userHome.resolve(".local/share/jupyter").toString());
            env.put("JUPYTER_RUNTIME_DIR", userHome.resolve("runtime").toString());
            Path run = userHome.resolve("run");
            Files.createDirectories(run);
            Files.copy(Runs.ROOT.resolve("examples/lesson-3.ipynb"), run.resolve("lesson-3.ipynb"));
            try (LabNetwork lab = Lab.up(Scenario.FIREWALL)) {
                Runs.Output setup = Runs.inLab(lab, Runs.ROOT, env, null, 300, List.of(Runs.ROOT.resolve("jbang").toString(),
                        "jtrace.java", "notebook", "setup", "--kernel-jar", kernelJar.toString()));
                assertThat(setup.exitCode()).as(setup.describe()).isZero();
                assertThat(run(List.of("chown", "-R", user + ":", userHome.toString())).exitCode()).isZero();
                Runs.Output nb = Runs.inLab(lab, run, env, null, 600, List.of("setpriv", "--reuid=" + user, "--regid=" + user,
                        "--clear-groups", PYTHON, "-m", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.startup_timeout=60", "--output", "executed.ipynb", "lesson-3.ipynb"));
                assertThat(nb.exitCode()).as("as " + user + ":\n" + nb.describe()).isZero();
            }
            String flat = flatten(run.resolve("executed.ipynb"), "lesson-3.ipynb as " + user + " (firewall lab)");
            assertThat(flat).contains("1. udp reached: false, icmp reached: false, both stopped: GAP_LIMIT GAP_LIMIT\n",
                    "2. tcp reached: true at hop 6, the answer: [closed]\n", "3. flags: SYN; checksum correct (with the pseudo-header)\n")
                    .containsPattern("(?m)^ 6  dest\\.firewall\\.lab \\(10\\.81\\.6\\.2\\)  \\d+\\.\\d{3} ms \\[closed\\]$");
            // `tcp`: the table reaches the destination, closed; `d`: the SYN field by field, its bytes beside.
            List<String> html = results(flat, "text/html");
            String table = html.stream().filter(h -> h.contains("class=\"jtrace-hops\"")).findFirst().orElseThrow(
                    () -> new AssertionError("no trace table among the results: " + html));
            assertThat(count(table, "<tr class=\"answered\"")).isEqualTo(6);
            assertThat(table).contains(">dest.firewall.lab<", "[closed]");
            String syn = html.stream().filter(h -> h.contains("class=\"jtrace-decoded\"")).findFirst().orElseThrow(
                    () -> new AssertionError("no decoded SYN among the results: " + html));
            assertThat(syn).contains(">flags<", ">SYN<", ">00 50<");
        } finally {
            run(List.of("rm", "-rf", userHome.toString()));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++)
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }
}
