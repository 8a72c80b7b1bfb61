package jtrace.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MPLS lab's responder for a lab that stays up ({@code jtrace lab up mpls}): the building process exits, so the
 * responder ({@link MplsResponder}) runs in a small JVM of its own, in a session of its own, for as long as the lab
 * is there. Its pid is the TUN device's alias ("jtrace-mpls-responder:pid=N"): {@link #stopIn} (run by every
 * teardown before the namespaces go) finds and stops it, so nothing is left behind; and should the router's namespace
 * be deleted some other way ({@code ip netns del}), the responder sees it go and exits by itself.
 */
final class ResponderProcess {
    private ResponderProcess() {}

    private static final String ALIAS = "jtrace-mpls-responder:pid=";
    private static final Pattern ALIAS_PID = Pattern.compile(Pattern.quote(ALIAS) + "(\\d+)");
    private static final String READY = "ready";
    private static final long STOP_SECONDS = 10;

    /** Starts the responder for {@code t} in a process of its own and returns its pid once its device is there. */
    static long start(Topology t) {
        List<String> command = new ArrayList<>();
        Commands.find("setsid").ifPresent(command::add);  // its own session: the shell's Ctrl-C and hang-up are not its
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath(), ResponderProcess.class.getName(), String.valueOf(t.routers())));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new LabException("cannot start the MPLS responder (" + command.get(0) + "): " + e.getMessage(), e);
        }
        String said;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            said = out.readLine();  // "ready PID" once the device exists, else one line saying why not
        } catch (IOException e) {
            said = e.getMessage();
        }
        if (said == null || !said.startsWith(READY + " ")) {
            p.destroyForcibly();
            throw new LabException("the MPLS responder did not start: " + (said == null ? "it exited without a word" : said));
        }
        // setsid execs java in place: the pid the responder reports is the one we started, or its own when setsid forked.
        long pid = Long.parseLong(said.substring(READY.length() + 1).trim());
        String router = t.routerNamespace(t.mplsRouter());
        Commands.run(List.of(Commands.ip(), "-n", router, "link", "set", "dev", Wiring.MPLS_DEVICE, "alias", ALIAS + pid), null).stdoutOrThrow();
        return pid;
    }

    /** Stops every detached responder whose device lives in one of {@code namespaces}, and waits until it has exited. */
    static void stopIn(List<String> namespaces) {
        for (String ns : namespaces) {
            if (!ns.startsWith(Topology.namespacePrefix(Scenario.MPLS))) continue;
            pid(ns).ifPresent(ResponderProcess::stop);
        }
    }

    /** The pid of the detached responder whose device is in {@code namespace}, if there is one. */
    static OptionalLong pid(String namespace) {
        if (!Files.exists(Namespaces.RUN_DIR.resolve(namespace))) return OptionalLong.empty();
        CommandOutput link = Commands.run(List.of(Commands.ip(), "-n", namespace, "-o", "link", "show", "dev", Wiring.MPLS_DEVICE), null);
        if (!link.succeeded()) return OptionalLong.empty();
        Matcher m = ALIAS_PID.matcher(String.join(" ", link.stdout()));
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** SIGTERM to the responder (only if that pid is still ours), then waits for it to have exited. */
    private static void stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> h.info().commandLine().orElse("").contains(ResponderProcess.class.getName()));
        if (handle.isEmpty()) return;
        handle.get().destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                handle.get().destroyForcibly();
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether {@code pid} is a process that still runs. An exited one whose parent is gone stays a zombie until init
     * reaps it (ProcessHandle counts it alive): it holds no device and no namespace, so it does not count.
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');  // the command name may hold spaces and parentheses
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) != 'Z' && stat.charAt(end + 2) != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** This JVM's class path, with a manifest-only jar's Class-Path spelled out (a test runner's launcher jar). */
    private static String classPath() {
        String cp = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>(List.of(cp.split(java.io.File.pathSeparator)));
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0))) {
                String more = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (more != null)
                    for (String url : more.trim().split("\\s+")) entries.add(Path.of(java.net.URI.create(url)).toString());
            } catch (IOException | IllegalArgumentException e) {
                // keep the jar alone: its classes are enough if it has no manifest class path
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * The responder's process: {@code ROUTERS} of the MPLS lab that is up. Opens the device in router 2's namespace,
     * says "ready PID", then answers until it is stopped or the namespace is gone.
     */
    public static void main(String[] args) throws Exception {
        Topology t = new Topology(Scenario.MPLS, Integer.parseInt(args[0]));
        Path namespace = Namespaces.RUN_DIR.resolve(t.routerNamespace(t.mplsRouter()));
        MplsResponder responder;
        try {
            responder = MplsResponder.start(t);
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
            System.exit(1);
            return;
        }
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            Namespaces.RUN_DIR.register(watch, StandardWatchEventKinds.ENTRY_DELETE);
            System.out.println(READY + " " + ProcessHandle.current().pid());
            System.out.close();  // nobody reads on: a later write must not fail
            while (Files.exists(namespace)) {  // woken by any deletion there, and looks each second anyway
                var key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } finally {
            responder.close();
        }
    }
}
