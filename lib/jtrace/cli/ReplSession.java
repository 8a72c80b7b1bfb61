package jtrace.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import jtrace.Options;
import jtrace.render.Palette;
import org.jline.terminal.Terminal;

/** What one REPL session remembers between commands: its defaults, the hosts typed, the last result. */
final class ReplSession {
    final PrintWriter out;
    final PrintWriter err;
    /** The terminal, or null when commands come from a pipe or a file. */
    final Terminal terminal;
    final Palette palette;
    final boolean debug;
    /** Set by Ctrl-C while a command runs: traces and watches stop, the REPL goes on. */
    final AtomicBoolean interrupted = new AtomicBoolean();

    /** The session's defaults: traceroute's, changed by the options given to {@code jtrace repl} and by {@code set}. */
    Options defaults;
    /** Seconds between watch rounds ({@code set interval}); mtr's default. */
    double interval = 1.0;
    /** What {@code last} shows again, or null. */
    ReplResult last;
    /**
     * SUDO_UID/SUDO_GID when one command of the command line runs as this session ({@code jtrace watch}): the
     * probe socket is opened as root, then the process becomes that user. Empty in the REPL, which keeps root.
     */
    java.util.Map<String, String> sudo = java.util.Map.of();
    /** Set by {@code exit}: the status to leave with. */
    Integer exitStatus;
    private final Set<String> hosts = new LinkedHashSet<>();

    ReplSession(Options defaults, PrintWriter out, PrintWriter err, Terminal terminal, Palette palette, boolean debug) {
        this.defaults = defaults;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.palette = palette;
        this.debug = debug;
    }

    /** A terminal that can redraw in place (not dumb): watch shows a live table there. */
    boolean live() {
        return terminal != null && !terminal.getType().startsWith(Terminal.TYPE_DUMB)
                && terminal.getSize().getColumns() > 0 && terminal.getSize().getRows() > 0;
    }

    /** Remembers a host the user typed (and resolved), for completion. */
    void used(String host, InetAddress address) {
        hosts.add(host);
        hosts.add(jtrace.packet.AddressText.of(address));
    }

    /** Hosts typed in this session, most recent last. */
    List<String> hosts() { return new ArrayList<>(hosts); }

    boolean interrupted() { return interrupted.get(); }
}
