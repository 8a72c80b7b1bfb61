package jtrace.hygiene;

import jtrace.it.LabLock;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jtrace.probe.Method;
import jtrace.Options;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.cli.Main;
import jtrace.lab.Lab;
import jtrace.lab.LabNetwork;
import jtrace.lab.LabOwnership;
import jtrace.lab.Scenario;
import jtrace.lab.Topology;
import jtrace.probe.Methods;
import jtrace.probe.ProbeMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hygiene under load: many traces in one JVM leave no descriptor, thread or heap behind, and traces running
 * at the same time from different threads never take each other's replies.
 */
@Timeout(180)
@ExtendWith(LabLock.class)  // one lab test class at a time on this machine
class TraceHygieneTest {
    static final int TRACES = 1000;
    /** Heap (after GC) a thousand finished traces may leave behind: under 1 KB each, i.e. nothing per trace. */
    static final long HEAP_BOUND = 1 << 20;

    /**
     * A thousand command-line traces of 127.0.0.1 (-n -q 1 -m 2) in this JVM, cycling through the methods
     * this user may open: afterwards the same descriptors and threads as before, and the heap after GC within
     * {@link #HEAP_BOUND} of where it was. Loopback is exempt from ICMP rate limiting per destination, and
     * one port unreachable per UDP trace stays far below the 1000/s global limit, so every trace answers.
     */
    @Test
    void aThousandTracesLeaveNoDescriptorThreadOrHeapBehind() throws Exception {
        List<String> methods = new ArrayList<>(List.of("-U"));
        if (isRoot()) methods.addAll(List.of("-I", "--raw"));
        for (int i = 0; i < 30; i++) traceLoopback(methods.get(i % methods.size()));  // warm-up: classes, jars, JIT
        Leaks.Snapshot before = Leaks.snapshot();
        long heapBefore = heapAfterGc();
        long start = System.nanoTime();

        for (int i = 0; i < TRACES; i++) {
            String out = traceLoopback(methods.get(i % methods.size()));
            if (!out.contains("\n 1  127.0.0.1  ")) throw new AssertionError("trace " + i + " did not reach 127.0.0.1:\n" + out);
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = heapAfterGc();
        System.out.printf("[TraceHygieneTest] %d traces (%s) in %d ms; heap after GC %d -> %d bytes; %d fds, %d sockets%n",
                TRACES, String.join(" ", methods), millis, heapBefore, heapAfter, before.fds().size(), before.sockets());
        assertThat(Leaks.since(before, 2000)).as("descriptors and threads left by %d traces", TRACES).isEmpty();
        assertThat(heapAfter - heapBefore).as("heap growth after GC across %d traces (bytes)", TRACES).isLessThan(HEAP_BOUND);
    }

    /**
     * Four traces at once from four threads of this JVM, in the same lab client namespace, all on raw sockets
     * (each of which sees every ICMP packet there) to four different targets of one chain: the destination
     * and routers 4, 3 and 2. Probes are 20 ms apart, so all four are in flight together. Each trace shows
     * exactly its own route — a reply meant for another trace would show up as a wrong or extra hop.
     */
    @Test
    void concurrentTracesNeverTakeEachOthersReplies() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "skipped: the lab needs root and iproute2");
        try (LabNetwork lab = Lab.up(Scenario.CHAIN, 5)) {
            lab.exec("sh", "-c", "echo 1 0 > /proc/sys/net/ipv4/ping_group_range");  // -I on a raw socket too
            Topology t = lab.topology();
            List<InetAddress> targets = List.of(lab.destination(), t.router(4), t.router(3), t.router(2));
            List<Method> methods = List.of(Method.RAW, Method.ICMP, Method.RAW, Method.ICMP);
            Options o = Options.defaults().queries(1).sendWait(20).numeric(true);
            CyclicBarrier start = new CyclicBarrier(targets.size());
            String owner = LabOwnership.tag(lab);
            ExecutorService pool = Executors.newFixedThreadPool(targets.size());
            try {
                List<Future<Trace>> running = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    InetAddress target = targets.get(i);
                    Options mine = o.method(methods.get(i));
                    running.add(pool.submit(() -> lab.inClient(() -> {
                        try (ProbeMethod m = Methods.open(mine.method(), target, mine.probeSettings())) {
                            start.await(10, TimeUnit.SECONDS);
                            return new RouteScanner(m, mine).scan(target);
                        }
                    })));
                }
                List<Trace> traces = new ArrayList<>();
                for (Future<Trace> f : running) traces.add(f.get(60, TimeUnit.SECONDS));
                LabOwnership.assertStillOurs(lab, owner);
                for (int i = 0; i < targets.size(); i++) {
                    Trace trace = traces.get(i);
                    List<InetAddress> expected = new ArrayList<>();
                    for (int k = 1; k <= 5 && !t.router(k).equals(targets.get(i)); k++) expected.add(t.router(k));
                    expected.add(targets.get(i));
                    System.out.printf("== %s to %s%n%s", methods.get(i), targets.get(i).getHostAddress(), trace.text());
                    assertThat(trace.route()).as("route of the %s trace to %s", methods.get(i), targets.get(i).getHostAddress())
                            .containsExactlyElementsOf(expected);
                    assertThat(trace.reached()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String traceLoopback(String method) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {method, "-n", "-q", "1", "-m", "2", "-w", "1", "127.0.0.1"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        if (status != 0) throw new AssertionError("jtrace " + method + " 127.0.0.1 exited " + status + ": " + err);
        return out.toString();
    }

    /** Used heap after full collections, the smallest of a few (a collection can leave some garbage for the next). */
    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
