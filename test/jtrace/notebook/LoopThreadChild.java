package jtrace.notebook;

import java.util.concurrent.CountDownLatch;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/**
 * A JVM of its own for {@link KernelLoopTest}: starts one of rapaio's loop threads (the kernel's own class or
 * jtrace's replacement, whichever comes first on the class path) and prints whether its loop ran or its thread ended
 * without running it. {@code start}: a body that counts; {@code failure}: a body whose first turn throws.
 */
public final class LoopThreadChild {
    private LoopThreadChild() {}

    static final CountDownLatch TURNS = new CountDownLatch(2);
    static volatile boolean failFirst;

    /** One turn of the loop. */
    static void body() {
        if (failFirst && TURNS.getCount() == 2) {
            TURNS.countDown();
            throw new IllegalStateException("a turn that fails, like the shell's before the kernel registered its handlers");
        }
        TURNS.countDown();
    }

    public static void main(String[] args) {
        failFirst = args[0].equals("failure");
        long needed = failFirst ? 0 : 1;  // failure: the turn after the failing one; start: the first turn
        LoopThread loop = new LoopThread("jtrace-loop", 1, LoopThreadChild::body);
        loop.start();
        while (TURNS.getCount() > needed && loop.isAlive()) Thread.onSpinWait();
        System.out.println(TURNS.getCount() <= needed ? "the loop ran" : "the loop thread ended without running");
        System.exit(0);
    }
}
