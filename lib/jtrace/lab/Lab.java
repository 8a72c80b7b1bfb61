package jtrace.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtrace.sys.Platform;

/**
 * A virtual network of real Linux routers, in network namespaces, to watch traceroute work without
 * internet access. Needs root and iproute2, nothing else; the traffic never leaves the lab.
 *
 * <pre>{@code
 * try (LabNetwork lab = Lab.up(Scenario.CHAIN, 5)) {
 *     lab.exec("traceroute", "-n", lab.destination().getHostAddress()).forEach(System.out::println);
 *     Trace t = lab.inClient(() -> scanner.trace(lab.destination()));   // sockets opened in the client
 *     Trace t6 = lab.inClient(() -> scanner6.trace(lab.destination6()));  // every lab is dual-stack
 * }
 * }</pre>
 *
 * The routers are ordinary kernels, so they rate-limit ICMP errors like real ones (a burst of about 6,
 * then one per second, per destination): a tracer that fires everything at once sees false silences here too.
 * ICMPv6 errors are limited the same way (net.ipv6.icmp.ratelimit, 1000 ms, shortened to 250 ms for a
 * destination reached through a /64 route), with a bucket of their own: an IPv4 and an IPv6 trace of one lab
 * do not eat each other's answers.
 * See {@link Topology} for the addresses and {@link Scenario} for what each lab shows.
 */
public final class Lab {
    private Lab() {}

    /** The throwaway unprivileged account tests run commands as (see {@link #ensureUser}). */
    public static final String TEST_USER = "jtrace-test";

    private static final Pattern OWNER = Pattern.compile("jtrace-lab:pid=(\\d+):id=[0-9a-f]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@link #up(Scenario, int)} with the default five routers. */
    public static LabNetwork up(Scenario scenario) {
        return up(scenario, Topology.DEFAULT_ROUTERS);
    }

    /**
     * Builds the lab, first removing whatever of the same scenario exists. This process owns it: it goes
     * away on {@link LabNetwork#close()} or when the JVM exits, whichever comes first.
     */
    public static LabNetwork up(Scenario scenario, int routers) {
        Platform.requireSupported();  // namespaces, veths and setns are Linux's
        Topology topology = new Topology(scenario, routers);
        Commands.requireRoot();
        String ip = Commands.ip();
        long start = System.nanoTime();
        down(scenario);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        Build build = new Build(topology, "jtrace-lab:pid=" + ProcessHandle.current().pid() + ":id=" + HexFormat.of().formatHex(id));
        Cleanup.register(build); // before building, so Ctrl-C halfway through still cleans up
        MplsResponder responder = null;
        try {
            Commands.run(List.of(ip, "-batch", "-"), script(Wiring.hostBatch(topology))).stdoutOrThrow();
            // Namespaces are independent from here on: configure them all at once.
            List<Commands.Running> running = new ArrayList<>();
            for (Map.Entry<String, List<String>> batch : Wiring.namespaceBatches(topology, build.ownerTag()).entrySet()) {
                running.add(Commands.start(List.of(ip, "-n", batch.getKey(), "-batch", "-"), script(batch.getValue())));
            }
            for (Map.Entry<String, List<String>> batch : Wiring.ipv6RuleBatches(topology).entrySet()) {
                running.add(Commands.start(List.of(ip, "-6", "-n", batch.getKey(), "-batch", "-"), script(batch.getValue())));
            }
            for (Commands.Running command : running) command.await().stdoutOrThrow();
            for (Map.Entry<String, String> rules : Wiring.nftScripts(topology).entrySet()) {
                Commands.run(List.of(ip, "netns", "exec", rules.getKey(), Commands.nft(), "-f", "-"), rules.getValue()).stdoutOrThrow();
            }
            if (scenario == Scenario.MPLS) {
                responder = MplsResponder.start(topology);
                routeIntoCore(topology, false);
            }
            awaitIpv6(topology);
        } catch (LabException e) {
            if (responder != null) responder.close();
            Cleanup.forget(build);
            Namespaces.delete(Namespaces.existing(Topology.namespacePrefix(scenario)));
            throw new LabException("could not build the " + scenario + " lab: " + e.getMessage(), e);
        }
        return new LabNetwork(build, Duration.ofNanos(System.nanoTime() - start), true, responder);
    }

    /**
     * Router 2's routes into the MPLS core's TUN device, once the device is there (they go when it does; the rule
     * that leads into them stays, so {@code again} leaves it out).
     */
    static void routeIntoCore(Topology topology, boolean again) {
        String ip = Commands.ip(), router = topology.routerNamespace(topology.mplsRouter());
        for (boolean v6 : new boolean[] {false, true}) {
            List<String> batch = Wiring.mplsBatch(topology, v6).stream().filter(l -> !(again && l.startsWith("rule "))).toList();
            Commands.run(v6 ? List.of(ip, "-6", "-n", router, "-batch", "-") : List.of(ip, "-n", router, "-batch", "-"), script(batch))
                    .stdoutOrThrow();
        }
    }

    private static final Duration IPV6_READY = Duration.ofSeconds(3);

    /**
     * Waits until IPv6 neighbour discovery works on every link: the kernel turns IPv6 on for an interface
     * (its ff00::/8 route) only once it has handled "carrier up", which happens after {@code ip link set up}
     * returns. A probe sent before that leaves a neighbour solicitation unanswered, and the first trace
     * waits a second for the retry. Usually done at the first look.
     */
    private static void awaitIpv6(Topology topology) {
        long deadline = System.nanoTime() + IPV6_READY.toNanos();
        for (Map.Entry<String, List<String>> node : Wiring.interfaces(topology).entrySet()) {
            while (!ipv6Ready(node.getKey(), node.getValue())) {
                if (System.nanoTime() > deadline)
                    throw new LabException("IPv6 did not come up on " + node.getValue() + " in " + node.getKey()
                            + " within " + IPV6_READY.toSeconds() + " s (is IPv6 disabled? sysctl net.ipv6.conf.default.disable_ipv6)");
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabException("interrupted while the lab came up", e);
                }
            }
        }
    }

    /** Whether each of {@code interfaces} in {@code namespace} has its multicast route (from the namespace's own /proc view). */
    private static boolean ipv6Ready(String namespace, List<String> interfaces) {
        try {
            List<String> routes = Namespaces.call(namespace, () -> Files.readAllLines(Path.of("/proc/thread-self/net/ipv6_route")));
            return interfaces.stream().allMatch(i -> routes.stream().anyMatch(r -> r.startsWith("ff00000000000000") && r.endsWith(" " + i)));
        } catch (Exception e) {
            throw new LabException("cannot read the IPv6 routes of " + namespace + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes every lab namespace ({@code jtl-*}), whoever built it, including leftovers of crashed runs; returns
     * the namespaces removed (empty when none was there).
     */
    public static List<String> down() {
        List<String> namespaces = Namespaces.existing(Topology.PREFIX);
        Namespaces.delete(namespaces);
        return namespaces;
    }

    /** Removes every namespace of one scenario; returns those removed. */
    public static List<String> down(Scenario scenario) {
        List<String> namespaces = Namespaces.existing(Topology.namespacePrefix(scenario));
        Namespaces.delete(namespaces);
        return namespaces;
    }

    /** The scenarios that have namespaces now, complete or not. Works without root, minus the owners. */
    public static List<LabStatus> list() {
        List<LabStatus> found = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            String prefix = Topology.namespacePrefix(scenario);
            List<String> namespaces = Namespaces.existing(prefix);
            if (namespaces.isEmpty()) continue;
            int routers = 0;
            // A hop is there when its router is, or the first router of its diamond.
            while (namespaces.contains(prefix + "r" + (routers + 1)) || namespaces.contains(prefix + "r" + (routers + 1) + "a")) routers++;
            boolean complete = routers >= Topology.MIN_ROUTERS && routers <= Topology.MAX_ROUTERS
                    && (!scenario.multipath() || routers > Topology.DIAMOND_HOP)
                    && namespaces.size() == new Topology(scenario, routers).namespaces().size()
                    && namespaces.containsAll(new Topology(scenario, routers).namespaces());
            OptionalLong owner = complete && Commands.isRoot() ? ownerPid(prefix + "c") : OptionalLong.empty();
            found.add(new LabStatus(scenario, namespaces, routers, complete, owner));
        }
        return found;
    }

    /**
     * A handle on a lab of this scenario that is already up (built by another process, say {@code jtrace
     * lab up}), to trace inside it. Borrowed: closing it leaves the lab up.
     */
    public static Optional<LabNetwork> attach(Scenario scenario) {
        return list().stream().filter(s -> s.scenario() == scenario && s.complete()).findFirst().map(s -> {
            Topology topology = new Topology(scenario, s.routers());
            String tag = Commands.isRoot() ? ownerTag(topology.clientNamespace()).orElse("") : "";
            return new LabNetwork(new Build(topology, tag), Duration.ZERO, false);
        });
    }

    /** Makes sure the system account {@code user} exists (creating it needs root); returns its name. */
    public static String ensureUser(String user) {
        Users.ensure(user);
        return user;
    }

    /** The owner tag on a lab's client interface, if the lab is there and carries one. */
    static Optional<String> ownerTag(String clientNamespace) {
        if (!Namespaces.RUN_DIR.resolve(clientNamespace).toFile().exists()) return Optional.empty();
        CommandOutput link = Commands.run(
                List.of(Commands.ip(), "-n", clientNamespace, "-o", "link", "show", "dev", Wiring.CLIENT_INTERFACE), null);
        if (!link.succeeded()) return Optional.empty();
        Matcher m = OWNER.matcher(String.join(" ", link.stdout()));
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static OptionalLong ownerPid(String clientNamespace) {
        return ownerTag(clientNamespace).map(tag -> {
            Matcher m = OWNER.matcher(tag);
            return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    private static String script(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
