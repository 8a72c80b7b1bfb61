package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sudo's drop loads first (end to end, from files only root can read: jtrace.cli.PrivilegeDropTest). */
class LoadBeforeDropTest {
    @Test
    void everyClassOfJtraceIsLoadedFromItsOwnClassPathEntryAndNoTestClass() throws Exception {
        Path home = LoadBeforeDrop.ownClassPathEntry();
        assertThat(home).isEqualTo(Path.of(jtrace.Trace.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertThat(LoadBeforeDrop.classNames(home))
                .contains("jtrace.Jtrace", "jtrace.cli.Main", "jtrace.cli.Errors", "jtrace.sys.Privileges$Identity",
                        "jtrace.render.Table", "jtrace.RouteScanner", "jtrace.sys.ThreadCredentials$Credentials")
                .doesNotContain("jtrace.sys.LoadBeforeDropTest", "jtrace.cli.RunThenReport")
                .allSatisfy(name -> assertThat(name).startsWith("jtrace.").doesNotContain("/"));

        LoadBeforeDrop.Loaded loaded = LoadBeforeDrop.everything();
        assertThat(loaded.unusable()).isEmpty();
        assertThat(loaded.classes()).isEqualTo(LoadBeforeDrop.classNames(home).size());
    }

    @Test
    void aJarIsReadLikeADirectory(@TempDir Path dir) throws Exception {
        Path home = LoadBeforeDrop.ownClassPathEntry(), jar = dir.resolve("jtrace.jar");
        try (Stream<Path> files = Files.walk(home); var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(home.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        assertThat(LoadBeforeDrop.classNames(jar)).isEqualTo(LoadBeforeDrop.classNames(home)).hasSizeGreaterThan(100);
    }

    @Test
    void jtracesOnlyResourceFilesAreReadByCommandsThatNeverDrop() throws Exception {
        // A resource is read again, from a class directory, when used: one a trace needed after the drop would fail.
        // jtrace notebook reads its sources (jtrace/notebook/); it never runs as sudo's root turned user. A new
        // resource elsewhere: read it before the drop (LoadBeforeDrop), or say here why no dropped run reads it.
        Path home = LoadBeforeDrop.ownClassPathEntry();
        try (Stream<Path> files = Files.walk(home.resolve("jtrace"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> home.relativize(f).toString()).filter(f -> !f.endsWith(".class")))
                    .isNotEmpty().allSatisfy(f -> assertThat(f).startsWith("jtrace/notebook/"));
        }
    }
}
