package jtrace.lab;

import java.util.List;

/** One build of a lab by this process: its topology and the tag written on its client interface. */
record Build(Topology topology, String ownerTag) {
    /** The lab's namespaces if they are still the ones this build made (no later Lab.up replaced them). */
    List<String> namespacesStillOurs() {
        return Lab.ownerTag(topology.clientNamespace()).filter(ownerTag::equals).isPresent()
                ? topology.namespaces() : List.of();
    }
}
