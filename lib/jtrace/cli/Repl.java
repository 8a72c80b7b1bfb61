package jtrace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import jtrace.Options;
import jtrace.render.Palette;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.widget.AutosuggestionWidgets;
import picocli.CommandLine;

/**
 * {@code jtrace repl}: a prompt with line editing, history (~/.jtrace_history), completion and hints
 * (JLine). Each line is one command of {@link ReplCommands}; a command that fails prints its one-line error,
 * the same as the command line's, and the prompt comes back. Ctrl-C stops the running command, not the REPL.
 * Without a terminal, commands are read from standard input line by line and the output has no escape codes.
 */
final class Repl {
    private Repl() {}

    static final String HISTORY_FILE = ".jtrace_history";

    /** Starts on this process's terminal, or reads standard input when there is none; returns the exit status. */
    static int start(Options defaults, boolean debug) {
        if (System.console() == null) {
            Charset cs = Charset.defaultCharset();
            return script(new BufferedReader(new InputStreamReader(System.in, cs)), new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true), defaults, debug);
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("jtrace").build()) {
            return interactive(terminal, defaults, debug);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /**
     * Commands from {@code in}, one per line ({@code #} starts a comment), for scripts. Returns 0, or the
     * status of the last command that failed, or what {@code exit N} says.
     */
    static int script(BufferedReader in, PrintWriter out, PrintWriter err, Options defaults, boolean debug) {
        ReplSession session = new ReplSession(defaults, out, err, null, Palette.PLAIN, debug);
        Parser parser = parser();
        int status = 0;
        try {
            for (String line; (line = in.readLine()) != null; ) {
                int s = run(session, parser, line);
                if (s != 0) status = s;
                if (session.exitStatus != null) return session.exitStatus >= 0 ? session.exitStatus : status;
            }
        } catch (IOException e) {
            err.println("jtrace: cannot read commands: " + e.getMessage());
            return 1;
        }
        return status;
    }

    static int interactive(Terminal terminal, Options defaults, boolean debug) {
        Palette palette = Palette.forTerminal(terminal.getType(), System.getenv());
        PrintWriter out = terminal.writer();
        ReplSession session = new ReplSession(defaults, out, out, terminal, palette, debug);
        terminal.handle(Terminal.Signal.INT, signal -> session.interrupted.set(true));  // outside readLine: stop the command
        Parser parser = parser();
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("jtrace")
                .completer(new ReplCompleter(session, ReplCommands.build(session)))
                .parser(parser)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), HISTORY_FILE))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)  // "!H" is traceroute's, not history's
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        new AutosuggestionWidgets(reader).enable();  // hints: the rest of a matching history line, in grey
        String prompt = palette.accent("jtrace> ").toAnsi(terminal);
        out.println(palette.faint("jtrace " + Main.VERSION + ": type help for the commands; Tab completes, Ctrl-D leaves.")
                .toAnsi(terminal));
        while (session.exitStatus == null) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue;  // Ctrl-C at the prompt drops the line, as in a shell
            } catch (EndOfFileException e) {
                break;
            }
            run(session, parser, line);
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("jtrace: could not save the history: " + e.getMessage());
        }
        return session.exitStatus == null || session.exitStatus < 0 ? 0 : session.exitStatus;
    }

    /** One line: split like a shell (quotes, backslashes), run, report; returns its status. */
    static int run(ReplSession session, Parser parser, String line) {
        if (line.isBlank()) return 0;
        List<String> words;
        try {
            // ACCEPT_LINE removes quotes and escapes as a shell does, and keeps '' as an empty argument.
            words = parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words();
        } catch (SyntaxError e) {
            session.err.println("jtrace: cannot read that line: " + e.getMessage());
            session.err.flush();
            return 2;
        }
        if (words.isEmpty() || words.get(0).startsWith("#")) return 0;
        return execute(session, words);
    }

    static int execute(ReplSession session, List<String> words) {
        CommandLine cli = ReplCommands.build(session);
        cli.setParameterExceptionHandler((e, args) -> {
            session.err.println("jtrace: " + usageError(e, cli));
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (!(e instanceof CancellationException)) return Errors.report(e, session.debug, session.err);
            // after the terminal's own "^C", on a line of its own
            session.out.println((session.terminal == null ? "" : "\n") + ReplCommands.ansi(session, session.palette.faint("stopped (Ctrl-C)")));
            return 130;
        });
        session.interrupted.set(false);
        try {
            return cli.execute(words.toArray(String[]::new));
        } finally {
            session.out.flush();
            session.err.flush();
        }
    }

    /** picocli's message, pointing at the help of the command that was wrong. */
    static String usageError(CommandLine.ParameterException e, CommandLine root) {
        return Errors.usage(e, root, true);
    }

    private static Parser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        parser.setEscapeChars(new char[] {'\\'});
        return parser;
    }
}
