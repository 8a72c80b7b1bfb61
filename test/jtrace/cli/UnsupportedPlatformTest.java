package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jtrace.it.LabLock;
import jtrace.sys.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every entry point refuses, in one line and before any native code is loaded, where jtrace's socket layouts have
 * not been checked: each runs in a child JVM told by -Djtrace.platform that it is somewhere else. Control: the
 * same command lines on this Linux machine load jffi and trace.
 */
@Timeout(180)
@ExtendWith(LabLock.class)  // should the refusal ever break, the lab cases would build namespaces: one lab user at a time
class UnsupportedPlatformTest {
    private record Child(String out, String err, int exit) {}

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "-n -q 1 -m 2 127.0.0.1    | Mac OS X/aarch64",
            "-I -n -q 1 127.0.0.1      | Windows 11/amd64",
            "probe -n 127.0.0.1 1      | Linux/arm",
            "watch -n -c 1 127.0.0.1   | FreeBSD/amd64",
            "repl                      | Mac OS X/x86_64",
            "                          | Mac OS X/aarch64",
            "lab up chain              | Mac OS X/aarch64",
            "lab trace chain -n -q 1   | Linux/riscv64",
            "lab down                  | Mac OS X/aarch64"})
    void theCommandLineTheReplAndTheLabRefuseInOneLineBeforeAnyNativeCall(String args, String platform) throws Exception {
        Child c = jtrace(platform, args == null ? new String[0] : args.strip().split("\\s+"));
        String[] p = platform.split("/");
        assertThat(c.err).isEqualTo("jtrace: " + new Platform(p[0], p[1]).refusal() + "\n");
        assertThat(c.out).isEqualTo("exit 1\nnative code loaded: false\n");
    }

    @Test
    void helpVersionAndTheNotebookCommandStillWork() throws Exception {
        Child help = jtrace("Mac OS X/aarch64", "--help"), labHelp = jtrace("Mac OS X/aarch64", "lab", "--help"),
                version = jtrace("Mac OS X/aarch64", "--version"), notebook = jtrace("Mac OS X/aarch64", "notebook");
        assertThat(help.out).as(help.err).contains("Usage: jtrace", "exit 0");
        assertThat(labHelp.out).as(labHelp.err).contains("Usage: jtrace lab", "exit 0");
        assertThat(version.out).as(version.err).startsWith("jtrace ").contains("exit 0");
        assertThat(notebook.out).as(notebook.err).contains("Usage: jtrace notebook", "exit 0");
    }

    @Test
    void theSameTraceRunsHereWhereLinuxIsWhatItSeems() throws Exception {
        Child c = jtrace(null, "-n", "-q", "1", "-m", "2", "127.0.0.1");
        assertThat(c.out).as(c.err).contains("traceroute to 127.0.0.1", "exit 0", "native code loaded: true");
    }

    @Test
    void jshellTraceTraceAllProbeAndSendThrowTheLineWhileThePacketHelpersWork() throws Exception {
        String platform = "Linux/arm";  // no space: jshell splits -R options at spaces
        String session = """
                /set feedback concise
                import static jtrace.Jtrace.*;
                System.out.println("checksum " + checksum(ipv4Header("10.71.1.1", "10.71.6.2", 1, IPPROTO_ICMP, 40)));
                System.out.println(hex(icmpEcho(0x1234, 1)));
                System.out.println(hexdump(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)).toString().lines().count() + " hexdump lines");
                System.out.println("decoded: " + decode(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)).layers().size() + " layers, problems " + decode(udpProbe("10.71.1.1", "10.71.6.2", 1, 33434)).problems());
                String caught(Runnable r) { try { r.run(); return "no exception"; } catch (RuntimeException e) { return e.getClass().getSimpleName() + ": " + e.getMessage(); } }
                System.out.println("trace -> " + caught(() -> trace("127.0.0.1")));
                System.out.println("trace with options -> " + caught(() -> trace("127.0.0.1", options().queries(1))));
                System.out.println("traceAll -> " + caught(() -> traceAll("127.0.0.1", "127.0.0.2")));
                System.out.println("probe -> " + caught(() -> probe("127.0.0.1", 1)));
                System.out.println("send -> " + caught(() -> send(concat(ipv4Header("127.0.0.1", "127.0.0.1", 1, IPPROTO_ICMP, 40), icmpEcho(1, 1)))));
                System.out.println("native code loaded: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/maps")).contains("jffi"));
                /exit
                """;
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "-R--enable-native-access=ALL-UNNAMED", "-R-D" + Platform.OVERRIDE + "=" + platform, "--class-path", classPath());
        Process p = new ProcessBuilder(command).directory(new File("/tmp")).redirectErrorStream(true).start();
        p.getOutputStream().write(session.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String refusal = "UnsupportedPlatformException: " + new Platform("Linux", "arm").refusal();
        assertThat(out).contains("checksum 0\n", "08 00 f0 c5 12 34 00 01 40 41", "7 hexdump lines", "native code loaded: false")
                .contains("trace -> " + refusal, "trace with options -> " + refusal, "traceAll -> " + refusal, "probe -> " + refusal,
                        "send -> " + refusal);
    }

    private static Child jtrace(String platform, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        if (platform != null) command.add("-D" + Platform.OVERRIDE + "=" + platform);
        command.addAll(List.of("-cp", classPath(), RunThenShowNatives.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/tmp"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SUDO_"));
        Path err = Files.createTempFile("jtrace-platform-", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Child(out, Files.readString(err), p.exitValue());
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
