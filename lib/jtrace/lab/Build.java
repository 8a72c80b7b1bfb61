package jtrace.lab;

import java.util.List;
import java.util.Optional;

/** One build of a lab by this process: its topology and the tag written on its client interface. */
record Build(Topology topology, String ownerTag) {
    /**
     * The lab's namespaces unless a later Lab.up replaced them. No tag at all means the build stopped
     * halfway (Ctrl-C while building): those are ours to remove too.
     */
    List<String> namespacesStillOurs() {
        Optional<String> tag = Lab.ownerTag(topology.clientNamespace());
        return tag.isEmpty() || tag.get().equals(ownerTag) ? topology.namespaces() : List.of();
    }
}
