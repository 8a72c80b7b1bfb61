package jtrace.probe;

import static jtrace.probe.Loopback.LOCALHOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jtrace.Hop;
import jtrace.Options;
import jtrace.Probe;
import jtrace.RouteScanner;
import jtrace.Trace;
import jtrace.engine.Engine;
import jtrace.engine.Event;
import jtrace.sys.Privileges;
import jtrace.sys.RealtimeClock;
import org.junit.jupiter.api.Test;

/**
 * Both TCP methods schedule on the monotonic clock (issue 16): the wall clock is read only to anchor the method's
 * clock when it opens and to move the kernel's receive stamps onto it. A -T trace of 127.0.0.1 (a closed port:
 * the kernel answers with a RST).
 */
class TcpClockTest {
    private static final long HOUR = 3_600_000_000_000L;

    /** A port nobody listens on: one the kernel just handed out and took back. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void connectProbesIgnoreAWallClockThatLeapsAnHourAtEveryReading() throws Exception {
        // A wall clock gone mad: every reading is an hour later than the last. On CLOCK_REALTIME a probe would expire
        // the moment it left, or its RTT would be an hour; the connect method reads it only when it opens.
        AtomicLong leaps = new AtomicLong();
        RealtimeClock real = new RealtimeClock();
        MethodClock clock = new MethodClock(System::nanoTime, () -> real.nanos() + leaps.getAndIncrement() * HOUR);
        long readsAtOpen = leaps.get();
        Options options = Options.defaults().port(closedPort()).queries(3);
        try (TcpConnectMethod tcp = TcpConnectMethod.open(LOCALHOST, options.probeSettings(), clock)) {
            Trace t = new RouteScanner(tcp, options).scan(LOCALHOST);
            assertThat(t.reached()).as(t.toString()).isTrue();
            Hop hop = t.hops().get(0);
            assertThat(hop.probes()).hasSize(3).allSatisfy(p -> {
                assertThat(p.answered()).as("answered, not expired").isTrue();
                assertThat(p.reply().annotation()).isEqualTo("[closed]");
                assertThat(p.rtt()).as("ms").isPositive().isLessThan(1000);
            });
        }
        assertThat(leaps.get()).as("wall clock readings after open").isEqualTo(readsAtOpen);
    }

    @Test
    void rawSynsRunOnTheEngineWithKeysUniqueForTheMethodsLifetime() throws Exception {
        assumeTrue(Privileges.isRoot(), "skipped: raw TCP needs root");
        Options options = Options.defaults().port(closedPort()).queries(3);
        List<Event> events = new ArrayList<>();
        try (RawTcpMethod tcp = RawTcpMethod.openIfPermitted(LOCALHOST, options.probeSettings())) {
            Engine engine = new Engine(tcp, LOCALHOST).listen(events::add);
            RouteScanner scanner = new RouteScanner(engine, options);
            assertThat(scanner.scan(LOCALHOST).reached()).isTrue();
            assertThat(scanner.scan(LOCALHOST).reached()).as("a second trace on the same method").isTrue();
        }
        List<Event.Answered> answered = events.stream().filter(e -> e instanceof Event.Answered).map(e -> (Event.Answered) e).toList();
        assertThat(answered).hasSizeGreaterThanOrEqualTo(6).allSatisfy(a -> {
            assertThat(a.id().destination()).isEqualTo(LOCALHOST);
            assertThat(a.reply().key()).as("the key the RST acknowledges is the probe's sequence").isEqualTo(a.id().seq());
            assertThat(a.reply().annotation()).isEqualTo("[closed]");
            assertThat(a.rtt()).isPositive();
        });
        List<Integer> sent = events.stream().filter(e -> e instanceof Event.Sent).map(e -> e.id().seq()).toList();
        assertThat(sent).as("no sequence number twice over both traces").doesNotHaveDuplicates();
        assertThat(events.stream().filter(e -> e instanceof Event.Answered || e instanceof Event.Expired).map(e -> e.id().seq()).toList())
                .as("every probe answered or expired once (a RST after expiry is Late, not an answer)").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void rawSynsReadTheWallClockOnlyToPlaceTheKernelsStamps() throws Exception {
        assumeTrue(Privileges.isRoot(), "skipped: raw TCP needs root");
        AtomicLong reads = new AtomicLong();
        RealtimeClock real = new RealtimeClock();
        MethodClock clock = new MethodClock(System::nanoTime, () -> {
            reads.incrementAndGet();
            return real.nanos();
        });
        long readsAtOpen = reads.get();
        Options options = Options.defaults().port(closedPort()).queries(3);
        try (RawTcpMethod tcp = RawTcpMethod.openIfPermitted(LOCALHOST, options.probeSettings(), clock)) {
            Trace t = new RouteScanner(tcp, options).scan(LOCALHOST);
            assertThat(t.reached()).as(t.toString()).isTrue();
            int answers = 0;
            for (Hop h : t.hops()) for (Probe p : h.probes()) if (p.answered()) {
                answers++;
                assertThat(p.rtt()).as("the kernel's stamp on the monotonic clock: ms").isPositive().isLessThan(1000);
            }
            assertThat(answers).isEqualTo(3);
            // Scheduling (sends, deadlines, polls) never reads it: only each answer's stamp does, a few readings each.
            assertThat(reads.get() - readsAtOpen).isBetween(1L, (long) answers * 4 * MethodClock.PAIR_READINGS);
        }
    }
}
