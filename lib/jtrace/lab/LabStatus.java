package jtrace.lab;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link Lab#list()} found of one scenario: its namespaces and, when they form a whole lab, its
 * routers and destination. {@code owner} is the process that built it, when known (reading it needs root).
 */
public record LabStatus(Scenario scenario, List<String> namespaces, int routers, boolean complete, OptionalLong owner) {
    public LabStatus {
        namespaces = List.copyOf(namespaces);
    }

    /** The destination to trace, if the lab is complete. */
    public Optional<InetAddress> destination() {
        return complete ? Optional.of(new Topology(scenario, routers).destination()) : Optional.empty();
    }

    /** Its IPv6 address, if the lab is complete. */
    public Optional<InetAddress> destination6() {
        return complete ? Optional.of(new Topology(scenario, routers).destination6()) : Optional.empty();
    }

    /** Whether the process that built it still runs (a lab kept after exit, or a crash, has none). */
    public boolean ownerAlive() {
        return owner.isPresent() && ProcessHandle.of(owner.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** One line for people: "chain: 5 routers, trace 10.71.6.2 or fd00:71:6::2 from jtl-chain-c (built by pid 812, running)". */
    public String describe() {
        if (!complete) {
            return scenario + ": incomplete, " + namespaces.size() + " namespaces " + namespaces
                    + " (left over from a crash? remove with lab down " + scenario + ")";
        }
        String who = owner.isEmpty() ? "" : " (built by pid " + owner.getAsLong() + (ownerAlive() ? ", running)" : ", exited)");
        return scenario + ": " + routers + " routers, trace " + destination().orElseThrow().getHostAddress()
                + " or " + jtrace.packet.AddressText.of(destination6().orElseThrow())
                + " from " + Topology.namespacePrefix(scenario) + "c" + who;
    }
}
