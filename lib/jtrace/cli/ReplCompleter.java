package jtrace.cli;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.SystemCompleter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.shell.jline3.PicocliCommands;

/**
 * Tab completion from the command model itself: command names, each command's options and subcommands
 * (picocli-shell-jline3), and the values of arguments — the hosts used this session for trace and watch,
 * scenario names for lab, setting names and values for set and show, formats for last.
 */
final class ReplCompleter implements Completer {
    private final ReplSession session;
    private final CommandLine model;
    private final SystemCompleter options;

    ReplCompleter(ReplSession session, CommandLine model) {
        this.session = session;
        this.model = model;
        this.options = new PicocliCommands(model).compileCompleters();
        this.options.compile();
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        int index = line.wordIndex();
        List<String> words = line.words();
        if (index == 0) {
            model.getSubcommands().forEach((name, sub) -> candidates.add(candidate(name, sub)));
            return;
        }
        options.complete(reader, line, candidates);
        if (line.word().startsWith("-")) return;
        CommandLine command = model;
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            String w = words.get(i);
            CommandLine sub = command.getSubcommands().get(w);
            if (sub != null && positionals.isEmpty()) command = sub;
            else if (!w.startsWith("-")) positionals.add(w);
        }
        OptionSpec previous = command.getCommandSpec().findOption(words.get(index - 1));
        if (previous != null && previous.arity().max() > 0) {  // the value of an option
            if (previous.completionCandidates() != null) previous.completionCandidates().forEach(v -> candidates.add(value(v)));
            if (positionals.size() > 0) positionals.remove(positionals.size() - 1);
            return;
        }
        for (String v : values(command, positionals)) candidates.add(value(v));
    }

    /** What may come as the next positional argument of {@code command}. */
    private List<String> values(CommandLine command, List<String> before) {
        String name = command.getCommandName();
        if (command.getParent() == model) {
            switch (name) {
                case "trace", "watch", "probe" -> { return before.isEmpty() ? session.hosts() : List.of(); }
                case "set" -> {
                    return before.size() % 2 == 0 ? ReplSettings.names() : ReplSettings.values(before.get(before.size() - 1));
                }
                case "help" -> { return before.isEmpty() ? new ArrayList<>(model.getSubcommands().keySet()) : List.of(); }
                default -> { }
            }
        }
        List<String> out = new ArrayList<>();
        for (PositionalParamSpec p : command.getCommandSpec().positionalParameters())
            if (p.completionCandidates() != null) p.completionCandidates().forEach(out::add);
        return out;
    }

    private static Candidate candidate(String name, CommandLine sub) {
        String[] description = sub.getCommandSpec().usageMessage().description();
        return new Candidate(name, name, null, description.length == 0 ? null : description[0], null, null, true);
    }

    private static Candidate value(String v) { return new Candidate(v, v, null, null, null, null, true); }
}
