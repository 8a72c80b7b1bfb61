package jtrace.lab;

/** Something about the lab went wrong; the message is one line saying what, and what to do about it. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(oneLine(message));
    }

    public LabException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Tool output can span lines; the user should see a single line.
    private static String oneLine(String message) {
        return message.strip().replaceAll(":\\s*\\R\\s*", ": ").replaceAll("\\s*\\R\\s*", "; ");
    }
}
