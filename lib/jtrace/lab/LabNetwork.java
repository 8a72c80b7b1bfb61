package jtrace.lab;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jtrace.packet.AddressText;

/**
 * A lab that is up: a client namespace, routers and a destination (see {@link Topology} for the
 * addressing). Built by {@link Lab#up}, which owns it: {@link #close()} takes it down, and so does JVM exit
 * unless {@link #keepAfterExit()} was called. One found by {@link Lab#attach} is borrowed: closing it
 * leaves it up.
 */
public final class LabNetwork implements AutoCloseable {
    private final Build build;
    private final Topology topology;
    private final Duration buildTime;
    private final boolean owned;
    private volatile boolean closed;
    /** The MPLS lab's responder, running in this process; null for the other scenarios, borrowed and kept labs. */
    private AutoCloseable responder;

    LabNetwork(Build build, Duration buildTime, boolean owned) { this(build, buildTime, owned, null); }

    LabNetwork(Build build, Duration buildTime, boolean owned, AutoCloseable responder) {
        this.build = build;
        this.topology = build.topology();
        this.buildTime = buildTime;
        this.owned = owned;
        this.responder = responder;
    }

    public Scenario scenario() { return topology.scenario(); }

    public int routers() { return topology.routers(); }

    /** Names and addresses of every element. */
    public Topology topology() { return topology; }

    /** Name of the namespace where the tracer runs: "jtl-chain-c". */
    public String client() { return topology.clientNamespace(); }

    /** The client's own address (the source of every probe). */
    public InetAddress clientAddress() { return topology.client(); }

    /** The client's IPv6 address (the source of every IPv6 probe): fd00:71:1::1 in the chain. */
    public InetAddress clientAddress6() { return topology.client6(); }

    public InetAddress destination() { return topology.destination(); }

    /** The destination's IPv6 address: fd00:71:6::2 for a five-router chain. */
    public InetAddress destination6() { return topology.destination6(); }

    /** {@link #destination()} for 4, {@link #destination6()} for 6. */
    public InetAddress destination(int ipVersion) { return ipVersion == 6 ? destination6() : destination(); }

    /** All namespaces of this lab, client first, destination last. */
    public List<String> namespaces() { return topology.namespaces(); }

    /**
     * What a correct traceroute of {@link #destination()} shows, hop 1 first: one address per hop, null
     * for a hop that cannot answer (the silent router, the blackhole destination). For UNREACHABLE and
     * PROHIBITED it ends with the router that refuses, which answers with {@link #expectedMark()}.
     */
    public List<InetAddress> expectedHops() { return topology.expectedHops(); }

    /** The same for a trace of {@link #destination6()}: the same hops and silences, IPv6 addresses. */
    public List<InetAddress> expectedHops6() { return topology.expectedHops6(); }

    /** {@link #expectedHops()} for 4, {@link #expectedHops6()} for 6. */
    public List<InetAddress> expectedHops(int ipVersion) { return ipVersion == 6 ? expectedHops6() : expectedHops(); }

    /**
     * Who may answer at each hop of a trace of the destination of {@code ipVersion}: a single address on a
     * single path, each router of a diamond at its hop, nothing where nothing can answer.
     */
    public List<java.util.Set<InetAddress>> expectedHopSets(int ipVersion) {
        return ipVersion == 6 ? topology.expectedHopSets6() : topology.expectedHopSets();
    }

    /** "!H", "!X" or "" : the mark traceroute prints on the last answering hop. */
    public String expectedMark() { return scenario().expectedMark(); }

    /** The mark over IPv6: "!N" for UNREACHABLE (ICMPv6 "no route"), else as over IPv4. */
    public String expectedMark6() { return scenario().expectedMark6(); }

    /** {@link #expectedMark()} for 4, {@link #expectedMark6()} for 6. */
    public String expectedMark(int ipVersion) { return ipVersion == 6 ? expectedMark6() : expectedMark(); }

    /**
     * Names for the lab's addresses, IPv4 and IPv6 ("r1.chain.lab", "dest.chain.lab"): traces can show
     * names without DNS.
     */
    public Map<InetAddress, String> names() { return topology.names(); }

    /** How long {@link Lab#up} took to build it; zero when attached. */
    public Duration buildTime() { return buildTime; }

    /**
     * Runs {@code body} inside the client namespace: on a fresh thread that entered it with setns, so
     * every socket body opens belongs to the client (and keeps belonging to it afterwards). Returns what
     * body returns and throws what it throws. Needs root.
     */
    public <T> T inClient(Callable<T> body) throws Exception {
        return Namespaces.call(client(), body);
    }

    /**
     * Runs {@code body} inside the destination namespace, as {@link #inClient} does in the client's: a socket
     * opened there (a listener, a responder) stays the destination's. Needs root.
     */
    public <T> T inDestination(Callable<T> body) throws Exception {
        return Namespaces.call(topology.destinationNamespace(), body);
    }

    /** Runs {@code command} as root inside the client namespace; its output lines, or a one-line error. */
    public List<String> exec(String... command) {
        return run(List.of(command)).stdoutOrThrow();
    }

    /** Runs {@code command} as {@code user} inside the client namespace; its output lines, or a one-line error. */
    public List<String> execAs(String user, String... command) {
        return runAs(user, List.of(command)).stdoutOrThrow();
    }

    /** Runs {@code command} as root inside the client namespace and returns how it went, failure included. */
    public CommandOutput run(List<String> command) {
        List<String> full = new ArrayList<>(List.of(Commands.ip(), "netns", "exec", client()));
        full.addAll(command);
        return Commands.run(full, null);
    }

    /** Like {@link #run} but as {@code user} (see {@link Lab#ensureUser}), with that user's groups. */
    public CommandOutput runAs(String user, List<String> command) {
        Users.Ids ids = Users.ids(user);
        String setpriv = Commands.find("setpriv")
                .orElseThrow(() -> new LabException("running as another user needs setpriv: install util-linux"));
        List<String> full = new ArrayList<>(Arrays.asList(setpriv,
                "--reuid=" + ids.uid(), "--regid=" + ids.gid(), "--init-groups", "--"));
        full.addAll(command);
        return run(full);
    }

    /**
     * Leaves the lab up when this JVM exits (for a CLI "lab up" that returns to the shell). The MPLS lab's responder
     * moves to a process of its own ({@link ResponderProcess}), which the lab's teardown stops.
     */
    public LabNetwork keepAfterExit() {
        Cleanup.forget(build);
        if (responder != null) {
            try {
                responder.close();  // its device and the routes into it go; the detached responder makes them again
            } catch (Exception ignored) {
                // MplsResponder.close() does not throw
            }
            responder = null;
            ResponderProcess.start(topology);
            Lab.routeIntoCore(topology, true);
        }
        return this;
    }

    /** The pid of the MPLS lab's responder process when it runs apart (a lab kept up); empty otherwise. */
    public java.util.OptionalLong responderPid() {
        return scenario() == Scenario.MPLS ? ResponderProcess.pid(topology.routerNamespace(topology.mplsRouter())) : java.util.OptionalLong.empty();
    }

    /** Takes the lab down if this process built it and nobody rebuilt it since; otherwise does nothing. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (responder != null) {
            try {
                responder.close();
            } catch (Exception ignored) {
                // MplsResponder.close() does not throw
            }
        }
        Cleanup.forget(build);
        if (owned) Namespaces.delete(build.namespacesStillOurs());
    }

    @Override
    public String toString() {
        return scenario() + " lab: " + routers() + " routers, client " + client() + " (" + clientAddress().getHostAddress()
                + ", " + AddressText.of(clientAddress6()) + "), destination " + destination().getHostAddress()
                + " and " + AddressText.of(destination6());
    }
}
