package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which os.name/os.arch pairs jtrace opens sockets on (the entry points' refusals: jtrace.cli.UnsupportedPlatformTest). */
class PlatformTest {
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"Linux, amd64", "Linux, x86_64", "Linux, aarch64"})
    void linuxOnTheCpusWhoseLayoutsAreCheckedIsSupported(String os, String arch) {
        Platform p = new Platform(os, arch);
        assertThat(p.supported()).isTrue();
        p.require();  // does not throw
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"Mac OS X, aarch64", "Mac OS X, x86_64", "Windows 11, amd64", "FreeBSD, amd64", "Linux, arm", "Linux, x86",
            "Linux, i386", "Linux, riscv64", "Linux, ppc64le", "Linux, s390x", "linux, amd64"})
    void everythingElseIsRefusedWithOneLineNamingWhatWasFound(String os, String arch) {
        Platform p = new Platform(os, arch);
        assertThat(p.supported()).isFalse();
        assertThatThrownBy(p::require).isInstanceOf(UnsupportedPlatformException.class).hasMessage(p.refusal())
                .hasMessageContaining("os.name '" + os + "', os.arch '" + arch + "'");
        assertThat(p.refusal()).doesNotContain("\n");
    }

    @Test
    void theRefusalSaysWhatIsSupportedWhatWasFoundAndWhatWorksInstead() {
        assertThat(new Platform("Mac OS X", "aarch64").refusal()).isEqualTo("tracing needs Linux on x86_64 or aarch64 (jtrace's"
                + " sockets use its numbers and layouts), found os.name 'Mac OS X', os.arch 'aarch64': run jtrace in a Linux VM"
                + " or container (the lab needs Linux anyway)");
    }

    @Test
    void currentIsThisJvmsOsNameAndArch() {
        assertThat(System.getProperty(Platform.OVERRIDE)).isNull();
        assertThat(Platform.current()).isEqualTo(new Platform(System.getProperty("os.name"), System.getProperty("os.arch")));
    }
}
