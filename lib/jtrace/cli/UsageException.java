package jtrace.cli;

/** The person typed something wrong: exit 2 with one line that says what and how to fix it. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) { super(message); }
}
