package jtrace.packet;

/** The only exception a decoder throws: the bytes stop making sense at {@code offset}. */
public final class MalformedPacketException extends RuntimeException {
    private final int offset;

    public MalformedPacketException(int offset, String message) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Where in the buffer the problem was found. */
    public int offset() { return offset; }
}
