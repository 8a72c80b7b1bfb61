package jtrace.sys;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Everything the rest of a run may need, loaded while jtrace is still root: once {@link Privileges#dropToSudoUser}
 * has made it the sudo user, it may not read its own files any more (a clone in a root-only directory, JBang's
 * cache and ~/.m2 under root's home). The JVM reads a class file the first time the class is used, so every class
 * of jtrace (trace, names, renderers, notes, errors) is loaded and initialized here, from our own class path
 * entry whether it is a directory or a jar. Jars stay open once opened and load their classes from the open file
 * whoever we are, so opening every jar on the class path covers the libraries. Resource files are read when used,
 * so none may be needed after the drop: jtrace's are read by {@code jtrace notebook} alone, which never drops
 * (LoadBeforeDropTest keeps the list).
 */
public final class LoadBeforeDrop {
    private LoadBeforeDrop() {}

    /** What was loaded, for tests and measurements. */
    public record Loaded(int classes, List<String> unusable) {}

    /** Loads every class of package jtrace and below, opens every jar, and loads libc (jnr-ffi, jffi's stub). */
    public static Loaded everything() throws IOException {
        ClassLoader loader = LoadBeforeDrop.class.getClassLoader();
        Collections.list(loader.getResources("META-INF/MANIFEST.MF"));  // looks in, and so opens, every jar
        Native.libc();
        Native.runtime();
        List<String> unusable = new ArrayList<>();
        List<String> names = classNames(ownClassPathEntry());
        for (String name : names) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                unusable.add(name);  // e.g. needs a library this class path lacks: this run cannot use it either way
            }
        }
        return new Loaded(names.size() - unusable.size(), List.copyOf(unusable));
    }

    /** "jtrace.sys.Native", ... for every class file under jtrace/ in a class directory or jar. */
    static List<String> classNames(Path home) throws IOException {
        if (Files.isDirectory(home)) {
            try (Stream<Path> files = Files.walk(home.resolve("jtrace"))) {
                return files.map(f -> home.relativize(f).toString()).filter(LoadBeforeDrop::isClassFile)
                        .map(LoadBeforeDrop::className).sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(home.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("jtrace/") && isClassFile(n))
                    .map(LoadBeforeDrop::className).sorted().toList();
        }
    }

    /** The directory or jar jtrace's classes are loaded from. */
    static Path ownClassPathEntry() throws IOException {
        var source = LoadBeforeDrop.class.getProtectionDomain().getCodeSource();
        if (source == null) throw new IOException("cannot tell where jtrace's classes are loaded from");
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot tell where jtrace's classes are loaded from (" + source.getLocation() + ")", e);
        }
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}
