package jtrace.probe;

import java.io.IOException;

/**
 * A probe method could not be opened, for a reason the user can fix: missing privilege, unknown interface,
 * a source address that is not ours, IPv6. The message is one line that says what is wrong and what to do;
 * the CLI prints it and exits 1.
 */
public final class ProbeSetupException extends IOException {
    public ProbeSetupException(String message) { super(message); }

    public ProbeSetupException(String message, Throwable cause) { super(message, cause); }
}
