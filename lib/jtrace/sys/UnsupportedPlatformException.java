package jtrace.sys;

/** jtrace was asked to open a socket (or build the lab) where its native code has not been checked; see {@link Platform}. */
public final class UnsupportedPlatformException extends UnsupportedOperationException {
    public UnsupportedPlatformException(String message) {
        super(message);
    }
}
