package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The plain trace's command line, read without picocli, reads exactly as picocli reads it — or is left to
 * picocli. Checked against picocli's own model of jtrace, so an option added there and not here is left to
 * picocli, never read differently.
 */
class PlainTraceTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "-n 10.0.0.1", "-n -I 10.0.0.1", "--icmp -q 1 -n host.example", "-U -m 5 -f 2 h", "--raw -n h 100",
            "-w 5,3,10 -N 4 -p 40000 -z 0.5 h", "--wait 1 --sim-queries 2 --port 7 --sendwait 10 --queries 2 h",
            "--first 3 --max-hops 9 --gap 2 h", "-s 10.0.0.2 -i eth0 -4 h", "--source fe80::1 --interface lo -6 ::1 80",
            "--debug -n 127.0.0.1", "-n 127.0.0.1 60", "h -n", "-n h 60 -q 1", "- 60", "localhost 0", "-q 010 h",
            "-T -p 443 h", "--tcp -e h", "--extensions --mtu -n h"})
    void readsWhatPicocliReads(String line) {
        String[] args = line.split(" ");
        PlainTrace.Line plain = PlainTrace.parse(args);
        assertThat(plain).as("read without picocli: %s", line).isNotNull();
        assertThat(fields(plain)).as(line).isEqualTo(fields(picocli(args)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "-n", "--help h", "-h", "-V", "--version", "--", "-- lab", "-n -- h", "lab", "lab up chain", "trace h",
            "probe h 1", "watch h", "repl", "notebook", "help", "set", "show", "last", "exit", "quit", "@args.txt",
            "-n @args.txt", "-s @x h", "-nI h", "-q1 h", "--queries=1 h", "-q -1 h", "-q +1 h", "-q 0x10 h",
            "-q 99999999999 h", "-z 1e3 h", "-z -1 h", "-q 1 -q 2 h", "-n -n h", "-I --icmp h", "-q", "h 60 70",
            "h sixty", "h -1", "--bogus h", "-w", "-s -n h", "tarce h"})
    void leavesTheRestToPicocli(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThat(PlainTrace.parse(args)).as(line).isNull();
    }

    /**
     * Every option picocli knows for jtrace, in each of its names, with a typical value: read alike, or left to
     * picocli. And the options a trace uses every day are read here.
     */
    @Test
    void everyOptionOfPicocliIsReadAlikeOrLeftToIt() {
        CommandLine cli = new CommandLine(new Main());
        List<String> readHere = new ArrayList<>();
        for (OptionSpec option : cli.getCommandSpec().options()) {
            for (String name : option.names()) {
                List<String> args = new ArrayList<>(List.of(name));
                if (option.arity().max() > 0) args.add(sample(option));
                args.add("127.0.0.1");
                String[] line = args.toArray(String[]::new);
                PlainTrace.Line plain = PlainTrace.parse(line);
                if (plain == null) continue;
                readHere.add(name);
                assertThat(fields(plain)).as(String.join(" ", line)).isEqualTo(fields(picocli(line)));
            }
        }
        assertThat(readHere).contains("-n", "-I", "-U", "--raw", "-q", "-m", "-f", "-w", "-N", "-p", "-z", "-s", "-i",
                "-4", "-6", "--gap", "--debug", "-T", "--tcp", "-e", "--extensions", "--mtu");
    }

    /** Every subcommand name, in the place of HOST: picocli's. */
    @Test
    void commandsAreLeftToPicocli() {
        for (String command : new CommandLine(new Main()).getSubcommands().keySet())
            assertThat(PlainTrace.parse(new String[] {command, "x"})).as(command).isNull();
    }

    private static String sample(OptionSpec option) {
        Class<?> type = option.type();
        if (type == Integer.class || type == int.class) return "3";
        if (type == Double.class || type == double.class) return "0.5";
        return "eth0";
    }

    private static Main picocli(String[] args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    /** Everything a trace is run with: each TraceOptions field, HOST, PACKETLEN and --debug. */
    private static Map<String, Object> fields(TraceOptions options, String host, String packetLength, boolean debug) {
        Map<String, Object> all = new LinkedHashMap<>();
        try {
            for (Field f : TraceOptions.class.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                all.put(f.getName(), f.get(options));
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        all.put("host", host);
        all.put("packetLength", packetLength);
        all.put("debug", debug);
        return all;
    }

    private static Map<String, Object> fields(PlainTrace.Line line) {
        return fields(line.options(), line.host(), line.packetLength(), line.debug());
    }

    private static Map<String, Object> fields(Main main) {
        // picocli's HOST list: the host, then traceroute's PACKETLEN (the plain reader takes no second host)
        return fields(main.options, main.hosts.isEmpty() ? null : main.hosts.get(0), main.hosts.size() > 1 ? main.hosts.get(1) : null, main.debug);
    }
}
