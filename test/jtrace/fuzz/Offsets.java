package jtrace.fuzz;

/** Where a decoder is asked to start: the front, inside, at and past both ends of the buffer. */
final class Offsets {
    private Offsets() {}

    static int[] of(byte[] data) {
        int n = data.length;
        return new int[] {0, -1, n / 2, n - 1, n, n + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    }
}
