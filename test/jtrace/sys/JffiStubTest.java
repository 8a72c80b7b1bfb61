package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jffi's stub from the user's cache: written once as the jar holds it, written again when it is not (a truncated
 * or altered copy), and never used from a folder another user owns.
 */
class JffiStubTest {
    @TempDir
    Path cache;

    private static byte[] fromTheJar() throws Exception {
        String cpu = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        try (var in = JffiStub.class.getClassLoader().getResourceAsStream("jni/" + cpu + "-Linux/libjffi-1.2.so")) {
            return in.readAllBytes();
        }
    }

    @Test
    void writtenOnceAsTheJarHoldsItAndAgainWhenAltered() throws Exception {
        Path folder = JffiStub.cachedCopy(cache);
        assertThat(folder).isNotNull().startsWith(cache.resolve("jtrace"));
        Path stub = folder.resolve("libjffi-1.2.so");
        byte[] expected = fromTheJar();
        assertThat(Files.readAllBytes(stub)).isEqualTo(expected);
        long made = Files.getLastModifiedTime(stub).toMillis();
        Object inode = Files.getAttribute(stub, "unix:ino");

        assertThat(JffiStub.cachedCopy(cache)).isEqualTo(folder);
        assertThat(Files.getAttribute(stub, "unix:ino")).as("used as it is").isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(stub).toMillis()).isEqualTo(made);

        byte[] altered = expected.clone();
        altered[altered.length / 2] ^= 1;
        Files.write(stub, altered);
        assertThat(JffiStub.cachedCopy(cache)).isEqualTo(folder);
        assertThat(Files.readAllBytes(stub)).isEqualTo(expected);

        Files.write(stub, java.util.Arrays.copyOf(expected, 1000));
        assertThat(JffiStub.cachedCopy(cache)).isEqualTo(folder);
        assertThat(Files.readAllBytes(stub)).isEqualTo(expected);
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(stub);
        }
    }

    @Test
    void aFolderOfAnotherUserIsNotUsed() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "needs root to give the folder away");
        Path folder = JffiStub.cachedCopy(cache);
        UserPrincipal nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(folder, nobody);
        assertThat(JffiStub.cachedCopy(cache)).isNull();
    }
}
