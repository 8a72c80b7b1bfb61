package jtrace.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Removes, when the JVM exits (normally, on Ctrl-C/SIGINT or SIGTERM), the labs this process built and
 * still owns. The one piece of global state in the lab: the JVM has one set of shutdown hooks.
 */
final class Cleanup {
    private Cleanup() {}

    private static final Set<Build> OWNED = Collections.newSetFromMap(new IdentityHashMap<>());
    private static boolean hookInstalled;

    static synchronized void register(Build build) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::removeAll, "jtrace-lab-cleanup"));
            hookInstalled = true;
        }
        OWNED.add(build);
    }

    static synchronized void forget(Build build) {
        OWNED.remove(build);
    }

    private static void removeAll() {
        List<String> namespaces = new ArrayList<>();
        synchronized (Cleanup.class) {
            OWNED.forEach(build -> namespaces.addAll(build.namespacesStillOurs()));
            OWNED.clear();
        }
        try {
            Namespaces.delete(namespaces);
        } catch (RuntimeException e) {
            // Too late to throw: say what is left and how to remove it.
            System.err.println("jtrace lab: " + e.getMessage() + " (remove leftovers with: jtrace lab down)");
        }
    }
}
