package jtrace.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace notebook setup} on a scratch home: the jars it copies, the display adapter it compiles against the
 * real kernel jar (found in the local Maven repository, where the build put it), the setup notebook and the kernel
 * spec. The notebooks themselves run in {@code jtrace.teach.NotebooksTest}.
 */
class NotebookSetupTest {

    static final List<Path> CLASS_PATH = Stream.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(java.io.File.pathSeparator))
            .map(Path::of).toList();

    /** What jtrace runs with: its classes and its runtime libraries (the test's own libraries left out). */
    static List<Path> runtimeClassPath() {
        return CLASS_PATH.stream().filter(p -> {
            String n = p.toString();
            return n.endsWith("target/classes") || n.matches(".*/(jnr|jffi|picocli|jline|asm)[^/]*\\.jar");
        }).toList();
    }

    static Path kernelOnTestClassPath() {
        return CLASS_PATH.stream().filter(p -> p.getFileName().toString().startsWith("rapaio-jupyter-kernel-")).findFirst()
                .orElseThrow(() -> new AssertionError("the kernel jar is a test dependency in pom.xml: " + CLASS_PATH));
    }

    @Test
    void setsUpJarsAdapterSetupNotebookAndKernelSpec(@TempDir Path home) throws Exception {
        NotebookSetup setup = new NotebookSetup(home, home.resolve("jupyter"), runtimeClassPath(), null);
        NotebookSetup.Done done = setup.run();

        assertThat(done.kernelJar()).isEqualTo(kernelOnTestClassPath());  // found in ~/.m2, nothing downloaded
        Path jars = home.resolve(".local/share/jtrace/notebook/jars");
        assertThat(done.jars()).isEqualTo(jars);
        List<String> names = new ArrayList<>();
        try (Stream<Path> list = Files.list(jars)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).contains("jtrace-0.jar", "jtrace-rapaio-display.jar", "jnr-posix-3.2.8.jar", "picocli-4.7.7.jar")
                .noneMatch(n -> n.startsWith("rapaio-jupyter-kernel") || n.startsWith("junit") || n.startsWith("assertj"));
        assertThat(done.jarCount()).isEqualTo(names.size());

        // The adapter: compiled, registered for ServiceLoader, and loadable with the kernel and jtrace.
        try (JarFile adapter = new JarFile(jars.resolve("jtrace-rapaio-display.jar").toFile())) {
            assertThat(new String(adapter.getInputStream(adapter.getEntry(
                    "META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider")).readAllBytes()).strip())
                    .isEqualTo("jtrace.notebook.RapaioDisplays");
            assertThat(adapter.getEntry("jtrace/notebook/RapaioDisplays.class")).isNotNull();
            assertThat(adapter.getEntry("org/rapaio/jupyter/kernel/channels/LoopThread.class")).isNull();
        }
        List<URL> urls = new ArrayList<>(List.of(done.kernelJar().toUri().toURL()));
        try (Stream<Path> list = Files.list(jars)) {
            for (Path p : list.toList()) urls.add(p.toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> spi = loader.loadClass("org.rapaio.jupyter.kernel.display.spi.DisplayProvider");
            List<?> providers = ServiceLoader.load(spi, loader).stream().map(ServiceLoader.Provider::get).toList();
            assertThat(providers).hasSize(1);
            List<?> renderers = (List<?>) spi.getMethod("getDisplayRenderers").invoke(providers.get(0));
            Class<?> renderer = loader.loadClass("org.rapaio.jupyter.kernel.display.DisplayRenderer");
            List<String> shown = new ArrayList<>();
            for (Object r : renderers) shown.add(((Class<?>) renderer.getMethod("rendererClass").invoke(r)).getName());
            assertThat(shown).contains("jtrace.Trace", "jtrace.packet.Decoded", "jtrace.packet.Hexdump",
                    "jtrace.watch.WatchReport", "jtrace.ProbeResult", "jtrace.render.Svg", "jtrace.Multipath");
        }

        // The setup notebook: %jars on the folder, then the imports; rapaio reads a cell's source as a list of lines.
        String notebook = Files.readString(done.setupNotebook());
        assertThat(done.setupNotebook()).isEqualTo(home.resolve(".local/share/jtrace/notebook/jtrace.ipynb"));
        assertThat(notebook).contains("\"source\": [\"%jars " + jars + "\"]")
                .contains("\"import static jtrace.Jtrace.*;\\n\"", "\"import static jtrace.Jtrace.options;\\n\"")
                .contains("\"language_info\": {\"name\": \"java\"}");
        assertThat(NotebookSetup.SETUP_LINE).isEqualTo("%load \\{System.getenv(\"HOME\")}/.local/share/jtrace/notebook/jtrace.ipynb");

        // The kernel spec runs this JDK's java on the kernel jar with jtrace's fix before it (kept off the notebook's jars).
        Path fix = home.resolve(".local/share/jtrace/notebook/jtrace-kernel-fix.jar");
        try (JarFile jar = new JarFile(fix.toFile())) {
            assertThat(jar.getEntry("org/rapaio/jupyter/kernel/channels/LoopThread.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider")).isNull();
        }
        String spec = Files.readString(home.resolve("jupyter/kernels/jtrace/kernel.json"));
        assertThat(spec).contains("\"-cp\", \"" + fix + ":" + done.kernelJar() + "\", \"org.rapaio.jupyter.kernel.MainApp\", \"{connection_file}\"")
                .contains("\"display_name\": \"Java (jtrace)\"").contains(Path.of(System.getProperty("java.home"), "bin", "java").toString());

        // Again: same result, nothing left over from the first run.
        NotebookSetup.Done again = setup.run();
        assertThat(again.jarCount()).isEqualTo(done.jarCount());
    }

    @Test
    void theScriptCarriesTheSourcesThatSetupCompiles() throws Exception {
        // JBang puts //FILES into the script's jar (fetched with it from a catalog too): without them
        // `jbang jtrace@ORG notebook setup` has nothing to compile. Rebases have dropped these lines before.
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("jtrace.java"))) root = root.getParent();
        String script = Files.readString(root.resolve("jtrace.java"));
        for (String resource : NotebookSetup.SOURCES)
            assertThat(script).as("jtrace.java needs this //FILES line for jtrace notebook setup")
                    .contains("\n//FILES " + resource + "=notebook/" + Path.of(resource).getFileName() + "\n");
    }

    @Test
    void aMissingKernelJarIsOneClearLine(@TempDir Path home) {
        NotebookSetup setup = new NotebookSetup(home, home.resolve("jupyter"), runtimeClassPath(), home.resolve("nope.jar"));
        assertThatThrownBy(setup::run).isInstanceOf(IOException.class).hasMessage("no kernel jar at " + home.resolve("nope.jar") + ": give an existing file");
    }
}
