package jtrace.sys;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

import com.kenai.jffi.Version;

/**
 * jffi's native stub (libjffi-1.2.so, inside jffi's native jar) loaded from a copy in the user's cache. Left alone,
 * jffi writes the stub to a new temporary file at every start (File.createTempFile: its SecureRandom alone costs
 * ~10 ms) and loads that. Here it is written once, to {@code ~/.cache/jtrace/jffi-<crc>-<size>/}, and jffi is told
 * so through its own setting, {@code jffi.boot.library.path}. The copy is used only while it is the jar's bytes
 * (size and CRC) in a file and folder owned by whoever runs jtrace (so root never loads a file another user could
 * have replaced); anything else leaves jffi to do as it always does.
 */
final class JffiStub {
    private JffiStub() {}

    static final String PROPERTY = "jffi.boot.library.path";

    /** Points jffi at the cached copy, making it first if need be; does nothing when in doubt. */
    static void useCachedCopy() {
        if (System.getProperty(PROPERTY) != null) return;  // chosen by whoever started the JVM
        try {
            Path folder = cachedCopy(cacheHome());
            if (folder != null) System.setProperty(PROPERTY, folder.toString());
        } catch (IOException | RuntimeException e) {
            // jffi extracts its stub to a temporary file, as without this
        }
    }

    /** The folder under {@code cacheHome} holding a verified copy of the stub, or null. */
    static Path cachedCopy(Path cacheHome) throws IOException {
        String arch = System.getProperty("os.arch", "");
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        String name = "libjffi-" + Version.MAJOR + "." + Version.MINOR + ".so";
        URL url = cpu == null ? null : JffiStub.class.getClassLoader().getResource("jni/" + cpu + "-Linux/" + name);
        if (url == null || !"jar".equals(url.getProtocol())) return null;
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        JarEntry entry = connection.getJarEntry();
        if (entry.getSize() <= 0 || entry.getCrc() < 0) return null;
        // Not String.format: its first use costs ~15 ms of locale data at start-up.
        String crc = Long.toHexString(entry.getCrc());
        Path folder = cacheHome.resolve("jtrace/jffi-" + "0".repeat(8 - crc.length()) + crc + "-" + entry.getSize());
        Path file = folder.resolve(name);
        if (!isGoodCopy(file, entry)) {
            Files.createDirectories(folder);
            Path tmp = folder.resolve(name + "." + ProcessHandle.current().pid() + ".tmp");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (!isGoodCopy(file, entry)) return null;
        }
        return folder;
    }

    /** The jar entry's bytes, in a file and folder owned by this process's user. */
    private static boolean isGoodCopy(Path file, JarEntry entry) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != entry.getSize()) return false;
        String user = System.getProperty("user.name");
        if (!Files.getOwner(file).getName().equals(user) || !Files.getOwner(file.getParent()).getName().equals(user)) return false;
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue() == entry.getCrc();
    }

    /** $XDG_CACHE_HOME, else ~/.cache. */
    private static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) return Path.of(xdg);
        return Path.of(System.getProperty("user.home"), ".cache");
    }
}
