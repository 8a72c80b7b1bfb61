package jtrace.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about the machine the tests run on, shared by every test package. */
public final class Host {
    private Host() {}

    /** Effective uid 0: the lab, raw sockets and other users need it. */
    public static boolean isRoot() { return jtrace.sys.Privileges.isRoot(); }

    /** Absolute path of {@code tool} on PATH or in the sbin directories, or null. */
    public static String which(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
    }
}
