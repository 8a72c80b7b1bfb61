package jtrace.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import jtrace.Options;
import jtrace.watch.RouteWatch;
import jtrace.names.ReverseDns;
import jtrace.watch.Rounds;
import jtrace.watch.WatchReport;
import jtrace.render.WatchTable;
import jtrace.probe.ProbeMethod;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code watch}: rounds of probes on one thread, the table on the terminal's alternate screen redrawn by
 * JLine's {@link Display} (only what changed is written: no flicker), like mtr's. q or Ctrl-C stops, r resets
 * the counts; a resize redraws at the new size. When it stops, the final table is printed where the prompt
 * was, so it stays in the scrollback. Without a terminal that can redraw, it runs {@code count} rounds (10
 * by default, as mtr --report) and prints the table once.
 */
final class ReplWatch {
    /** mtr --report's default number of rounds. */
    static final int REPORT_ROUNDS = 10;
    private static final long FRAME_MILLIS = 100;

    private final ReplSession session;
    private final String host;
    private final InetAddress target;
    private final Options options;
    private final double interval;
    private final int count;
    private final Map<InetAddress, String> knownNames;
    private final ReverseDns dns;

    private final boolean reportOnly;
    private final jtrace.render.Format format;
    private final jtrace.names.AsLookup as;

    /** {@code reportOnly}: no live table even at a terminal (--report); {@code format}: the report's (text, JSON, CSV). */
    ReplWatch(ReplSession session, String host, InetAddress target, Options options, double interval, int count,
              Map<InetAddress, String> knownNames, boolean reportOnly, jtrace.render.Format format, boolean asOrigins) {
        this.reportOnly = reportOnly;
        this.format = format;
        this.as = asOrigins ? new jtrace.names.AsLookup(jtrace.names.Names.BUDGET_MILLIS) : null;
        this.session = session;
        this.host = host;
        this.target = target;
        this.options = options;
        this.interval = interval;
        this.count = count;
        this.knownNames = knownNames;
        this.dns = new ReverseDns(0, knownNames);  // never waits: a name shows up once its lookup is done
    }

    /** Watches through {@code method} (opened by the caller, who closes it); returns the final table. */
    WatchReport run(ProbeMethod method) throws IOException {
        try (dns) {
            RouteWatch watch = new RouteWatch(host, target, method.kind());
            WatchReport report = session.live() && !reportOnly ? live(method, watch) : report(method, watch);
            if (as != null) report = report.withOrigins(origins(report, true));
            session.out.print(switch (format) {
                case JSON -> report.json();
                case CSV -> jtrace.render.ReportCsv.of(report);
                default -> session.terminal == null ? report.text()
                        : join(WatchTable.report(report, session.terminal.getSize().getColumns() - 1, session.palette));
            });
            session.out.flush();
            return report;
        } finally {
            if (as != null) as.close();
        }
    }

    /** The origin AS of every address in the report; {@code wait}: within the budget, else only those already in. */
    private Map<InetAddress, jtrace.names.Origin> origins(WatchReport r, boolean wait) {
        Map<InetAddress, jtrace.names.Origin> out = new HashMap<>();
        for (WatchReport.Row row : r.rows())
            for (InetAddress a : row.addresses()) {
                as.prefetch(a);
                jtrace.names.Origin o = wait ? as.origin(a) : as.found(List.of(a)).get(a);
                if (o != null) out.put(a, o);
            }
        return out;
    }

    private WatchReport report(ProbeMethod method, RouteWatch watch) throws IOException {
        new Rounds(method, host, target, options, interval, watch, session::interrupted).run(count == 0 ? REPORT_ROUNDS : count);
        return snapshot(watch);
    }

    private WatchReport live(ProbeMethod method, RouteWatch watch) throws IOException {
        Terminal t = session.terminal;
        AtomicBoolean stop = new AtomicBoolean(), done = new AtomicBoolean(), resized = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread prober = new Thread(() -> {
            try {
                new Rounds(method, host, target, options, interval, watch, () -> stop.get() || session.interrupted()).run(count);
            } catch (Exception e) {
                failure.set(e);
            } finally {
                done.set(true);
            }
        }, "jtrace-watch");
        prober.setDaemon(true);
        Terminal.SignalHandler previousWinch = t.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        Attributes saved = t.enterRawMode();  // keys without Enter, and no echo across the table
        t.puts(Capability.enter_ca_mode);
        t.puts(Capability.cursor_invisible);
        t.puts(Capability.clear_screen);
        t.flush();
        Display display = new Display(t, true);
        display.resize(t.getSize());
        prober.start();
        try {
            NonBlockingReader keys = t.reader();
            long shown = -1;
            while (!done.get() && !stop.get() && !session.interrupted()) {
                if (resized.getAndSet(false)) {
                    display.resize(t.getSize());
                    display.clear();
                    t.puts(Capability.clear_screen);
                    shown = -1;
                }
                if (watch.version() != shown) {
                    shown = watch.version();
                    draw(display, t.getSize(), snapshot(watch));
                }
                int key = keys.read(FRAME_MILLIS);
                if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) stop.set(true);
                else if (key == 'r' || key == 'R') watch.reset();
            }
        } finally {
            stop.set(true);
            joinQuietly(prober);
            t.puts(Capability.cursor_visible);
            t.puts(Capability.exit_ca_mode);
            t.setAttributes(saved);
            t.handle(Terminal.Signal.WINCH, previousWinch);
            t.flush();
        }
        if (failure.get() instanceof IOException e) throw e;
        if (failure.get() instanceof RuntimeException e) throw e;
        return snapshot(watch);
    }

    private void draw(Display display, Size size, WatchReport report) {
        String status = WatchTable.status(report, count, interval);
        List<AttributedString> lines = WatchTable.screen(report, size.getColumns() - 1, size.getRows(), session.palette, status);
        display.update(lines, size.cursorPos(lines.size() - 1, 0));
    }

    /** The table now, with the names found so far; lookups start for addresses not asked about yet. */
    private WatchReport snapshot(RouteWatch watch) {
        WatchReport r = watch.snapshot(names());
        if (as != null) r = r.withOrigins(origins(r, false));
        if (!options.numeric())
            for (WatchReport.Row row : r.rows()) for (InetAddress a : row.addresses()) dns.prefetch(a);
        return r;
    }

    private Map<InetAddress, String> names() {
        if (options.numeric()) return knownNames;
        Map<InetAddress, String> names = new HashMap<>(dns.resolved());
        names.putAll(knownNames);
        return names;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5_000);  // the prober checks the stop flag every 50 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String join(List<AttributedString> lines) {
        StringBuilder out = new StringBuilder();
        for (AttributedString line : lines) out.append(line.toAnsi(session.terminal)).append('\n');
        return out.toString();
    }
}
