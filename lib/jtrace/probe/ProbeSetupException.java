package jtrace.probe;

import java.io.IOException;

/**
 * A probe method could not be opened, for a reason the user can fix: missing privilege, unknown interface,
 * a source address that is not ours, IPv6. The message is one line that says what is wrong and what to do.
 * {@link #isBadArgument()} tells a wrong argument (the CLI exits 2) from a missing privilege (exit 1).
 */
public final class ProbeSetupException extends IOException {
    private final boolean badArgument;

    public ProbeSetupException(String message) { this(message, null, false); }

    public ProbeSetupException(String message, Throwable cause) { this(message, cause, false); }

    private ProbeSetupException(String message, Throwable cause, boolean badArgument) {
        super(message, cause);
        this.badArgument = badArgument;
    }

    /** An argument names something this host does not have: an interface, a source address. */
    public static ProbeSetupException badArgument(String message, Throwable cause) {
        return new ProbeSetupException(message, cause, true);
    }

    public boolean isBadArgument() { return badArgument; }
}
