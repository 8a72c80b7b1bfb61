package jtrace.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import jtrace.render.Json;

/**
 * {@code jtrace notebook setup}: gets a machine ready for Jupyter notebooks with jtrace. It finds (or fetches
 * from Maven Central) rapaio's Java kernel, copies jtrace and its libraries into one folder, compiles the small
 * display adapter against the kernel's jar (so the library never depends on a kernel), writes a one-cell setup
 * notebook that loads all of it, and installs a kernel spec, "Java (jtrace)", for the user. A notebook then needs
 * one setup line: {@link #SETUP_LINE}.
 *
 * @param home        the user's home (where ~/.local/share/jtrace/notebook goes)
 * @param jupyterData Jupyter's data folder (kernels/ inside), normally ~/.local/share/jupyter
 * @param classPath   the jars and class folders of jtrace and its libraries (the running JVM's class path)
 * @param kernelJar   rapaio's kernel jar to use, or null to look in the local Maven repository, then download it
 */
public record NotebookSetup(Path home, Path jupyterData, List<Path> classPath, Path kernelJar) {

    public static final String KERNEL_GROUP = "io.github.padreati", KERNEL_ARTIFACT = "rapaio-jupyter-kernel", KERNEL_VERSION = "3.0.1";
    /** The kernel spec's folder name: pick "Java (jtrace)" in Jupyter's kernel menu. */
    public static final String KERNEL_NAME = "jtrace";
    /** Where jtrace keeps its notebook files, under the home folder. */
    public static final String DIR = ".local/share/jtrace/notebook";
    /** The one line a notebook runs first in rapaio's kernel: loads the jars, the display adapter and the imports. */
    public static final String SETUP_LINE = "%load \\{System.getenv(\"HOME\")}/" + DIR + "/jtrace.ipynb";
    /** What every notebook imports: the same as jtrace.jsh. {@code options} by name, since rapaio's kernel has its own. */
    public static final List<String> IMPORTS = List.of("import static jtrace.Jtrace.*;", "import static jtrace.Jtrace.options;",
            "import static jtrace.probe.Method.*;", "import jtrace.probe.Method;", "import jtrace.*;", "import jtrace.packet.*;", "import jtrace.render.*;",
            "import jtrace.result.*;");
    static final List<String> SOURCES = List.of("jtrace/notebook/RapaioDisplays.java", "jtrace/notebook/LoopThread.java");
    /** The kernel's own classes that jtrace replaces (see notebook/LoopThread.java): their package. */
    static final String KERNEL_FIX_PACKAGE = "org/rapaio/jupyter/kernel/";
    /** The main class of rapaio's kernel. */
    static final String KERNEL_MAIN = "org.rapaio.jupyter.kernel.MainApp";
    private static final String SPI = "META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider";

    /** The user's setup, from the environment and the running JVM's class path. */
    public static NotebookSetup forUser(Path kernelJar) {
        Path home = Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")));
        String data = System.getenv("JUPYTER_DATA_DIR"), xdg = System.getenv("XDG_DATA_HOME");
        Path jupyter = data != null ? Path.of(data) : xdg != null ? Path.of(xdg, "jupyter") : home.resolve(".local/share/jupyter");
        List<Path> cp = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        return new NotebookSetup(home, jupyter, cp, kernelJar);
    }

    /** What setup made, to print. */
    public record Done(Path kernelJar, Path jars, int jarCount, Path setupNotebook, Path kernelSpec) {}

    /** Does it all; safe to run again (it replaces what it made before). */
    public Done run() throws IOException {
        Path dir = home.resolve(DIR), jars = dir.resolve("jars");
        Path kernel = kernelJar != null ? kernelJar : findOrFetchKernel(dir.resolve("kernel"));
        if (!Files.isRegularFile(kernel)) throw new IOException("no kernel jar at " + kernel + ": give an existing file");
        deleteTree(jars);
        Files.createDirectories(jars);
        int count = copyClassPath(jars);
        Path fix = dir.resolve("jtrace-kernel-fix.jar");
        compileAdapter(kernel, jars, fix);
        Path notebook = dir.resolve("jtrace.ipynb");
        Files.writeString(notebook, setupNotebook(jars));
        Path spec = jupyterData.resolve("kernels").resolve(KERNEL_NAME).resolve("kernel.json");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, kernelSpec(kernel, fix));
        return new Done(kernel, jars, count + 1, notebook, spec);
    }

    /** jtrace's own jars and folders, as jars: the kernel itself (in tests it may be on the class path) left out. */
    private int copyClassPath(Path jars) throws IOException {
        int n = 0;
        for (Path p : classPath) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.startsWith(KERNEL_ARTIFACT)) continue;
            if (Files.isDirectory(p)) {
                jarFolder(p, jars.resolve("jtrace-" + (n++) + ".jar"));
            } else if (Files.isRegularFile(p) && name.endsWith(".jar")) {
                Files.copy(p, jars.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                n++;
            }
        }
        if (n == 0) throw new IOException("found no jars of jtrace on the class path (" + classPath + "): run it as ./jbang jtrace.java notebook setup");
        return n;
    }

    /**
     * The display adapter and the kernel fix, compiled against this kernel and jtrace: the adapter into its own jar
     * beside jtrace's (with its service entry, so the kernel finds it), the fix apart (it goes before the kernel's jar
     * on the kernel's class path, not on the notebook's).
     */
    private void compileAdapter(Path kernel, Path jars, Path fix) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IOException("notebook setup compiles a small adapter and needs a JDK, not a JRE: run it with a JDK 17+");
        Path work = Files.createTempDirectory("jtrace-notebook");
        try {
            Path classes = work.resolve("classes");
            Files.createDirectories(classes);
            List<java.io.File> sources = new ArrayList<>();
            for (String resource : SOURCES) {
                Path source = work.resolve("src").resolve(Path.of(resource).getFileName());
                Files.createDirectories(source.getParent());
                try (InputStream in = NotebookSetup.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) throw new IOException("the source " + resource + " is missing from jtrace's jar (a broken build?)");
                    Files.write(source, in.readAllBytes());
                }
                sources.add(source.toFile());
            }
            List<String> entries = new ArrayList<>(List.of(kernel.toString()));
            try (Stream<Path> list = Files.list(jars)) {
                list.sorted().forEach(j -> entries.add(j.toString()));  // spelled out: only the java launcher expands dir/*
            }
            String cp = String.join(java.io.File.pathSeparator, entries);
            StringWriter errors = new StringWriter();
            boolean ok = javac.getTask(new PrintWriter(errors), null, null,
                    List.of("--release", "17", "-proc:none", "-cp", cp, "-d", classes.toString()), null,
                    javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(sources.toArray(java.io.File[]::new))).call();
            if (!ok) throw new IOException("could not compile the notebook display adapter against " + kernel + ": " + errors.toString().strip());
            Path adapter = work.resolve("adapter"), kernelFix = work.resolve("fix");
            try (Stream<Path> compiled = Files.walk(classes)) {
                for (Path c : compiled.filter(Files::isRegularFile).toList()) {
                    String name = classes.relativize(c).toString().replace('\\', '/');
                    Path to = (name.startsWith(KERNEL_FIX_PACKAGE) ? kernelFix : adapter).resolve(name);
                    Files.createDirectories(to.getParent());
                    Files.copy(c, to);
                }
            }
            Files.createDirectories(adapter.resolve(SPI).getParent());
            Files.writeString(adapter.resolve(SPI), "jtrace.notebook.RapaioDisplays\n");
            jarFolder(adapter, jars.resolve("jtrace-rapaio-display.jar"));
            jarFolder(kernelFix, fix);
        } finally {
            deleteTree(work);
        }
    }

    /** A notebook of two cells: {@code %jars} (rapaio's magic; also finds the adapter) and the imports. */
    String setupNotebook(Path jars) {
        String imports = String.join("\n", IMPORTS) + "\nString[] args = {};  // the examples read args like a script";
        return "{\n \"cells\": [\n" + cell("%jars " + jars) + ",\n" + cell(imports) + "\n ],\n"
                + " \"metadata\": {\"kernelspec\": {\"name\": \"" + KERNEL_NAME + "\", \"display_name\": \"Java (jtrace)\", \"language\": \"java\"},"
                + " \"language_info\": {\"name\": \"java\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }

    /** A code cell; its source as a list of lines, each but the last ending in a newline (rapaio reads only that form). */
    private static String cell(String source) {
        String[] lines = source.split("\n", -1);
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) quoted.add(Json.quote(lines[i] + (i < lines.length - 1 ? "\n" : "")));
        return "  {\"cell_type\": \"code\", \"execution_count\": null, \"metadata\": {}, \"outputs\": [], \"source\": ["
                + String.join(", ", quoted) + "]}";
    }

    /** Jupyter's kernel.json: this JVM's java runs rapaio's kernel with jtrace's fix first on its class path (notebook/LoopThread). */
    String kernelSpec(Path kernel, Path fix) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "{\n  \"argv\": [" + Json.quote(javaBin) + ", \"--enable-native-access=ALL-UNNAMED\", \"-cp\", "
                + Json.quote(fix + java.io.File.pathSeparator + kernel) + ", " + Json.quote(KERNEL_MAIN) + ", \"{connection_file}\"],\n"
                + "  \"display_name\": \"Java (jtrace)\",\n  \"language\": \"java\",\n  \"interrupt_mode\": \"message\",\n  \"env\": {}\n}\n";
    }

    /** The kernel jar from the local Maven repository, else downloaded once from Maven Central and checked against its SHA-1. */
    private static Path findOrFetchKernel(Path cache) throws IOException {
        String relative = KERNEL_GROUP.replace('.', '/') + "/" + KERNEL_ARTIFACT + "/" + KERNEL_VERSION + "/"
                + KERNEL_ARTIFACT + "-" + KERNEL_VERSION + ".jar";
        List<Path> local = new ArrayList<>();
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) local.add(Path.of(repo, relative));
        local.add(Path.of(System.getProperty("user.home"), ".m2/repository", relative));
        for (Path p : local) if (Files.isRegularFile(p)) return p;
        Path target = cache.resolve(KERNEL_ARTIFACT + "-" + KERNEL_VERSION + ".jar");
        if (Files.isRegularFile(target)) return target;
        String url = "https://repo1.maven.org/maven2/" + relative;
        try {
            byte[] jar = get(url);
            String expected = new String(get(url + ".sha1"), StandardCharsets.US_ASCII).strip().split("\\s+")[0];
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
            if (!actual.equalsIgnoreCase(expected)) throw new IOException("the kernel jar from " + url + " does not match its SHA-1; try again");
            Files.createDirectories(cache);
            Files.write(target, jar);
            return target;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("this JVM has no SHA-1 to check the download with", e);
        }
    }

    private static byte[] get(String url) throws IOException {
        try {
            var client = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
            var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200)
                throw new IOException("could not download " + url + " (HTTP " + response.statusCode() + "); or give the jar with --kernel-jar FILE");
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("could not download")) throw e;
            throw new IOException("could not download " + url + " (" + e + "); or give the jar with --kernel-jar FILE", e);
        }
    }

    /** Every file under {@code folder} into one jar. */
    private static void jarFolder(Path folder, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(folder.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
