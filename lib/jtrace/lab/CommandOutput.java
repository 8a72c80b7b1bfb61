package jtrace.lab;

import java.util.List;

/** What a finished command printed and how it exited. */
public record CommandOutput(List<String> command, int exitCode, List<String> stdout, List<String> stderr) {
    public CommandOutput {
        command = List.copyOf(command);
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    public boolean succeeded() { return exitCode == 0; }

    /** The standard output lines, or a one-line error naming the command and its complaint. */
    public List<String> stdoutOrThrow() {
        if (succeeded()) return stdout;
        String complaint = stderr.isEmpty() ? "no message" : String.join("; ", stderr);
        throw new LabException(String.join(" ", command) + " failed (exit " + exitCode + "): " + complaint);
    }
}
