package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * jtrace's replacement for rapaio-jupyter-kernel's {@code LoopThread} (3.0.1, unchanged up to 3.0.4): the same name
 * and API, first on the class path of the kernel spec that {@code jtrace notebook setup} writes. Each of the kernel's
 * channels (shell, control, heartbeat) polls its socket in one of these, and the original loses its loop two ways:
 * <ul>
 *   <li>its {@code start()} sets {@code running} only after {@code Thread.start()} returned, so a thread that gets the
 *       CPU at once reads false and ends before its first turn: the channel then never reads (about one start in ten
 *       on a busy 2-core machine; the shell's loop lost means a kernel that answers heartbeats and nothing else);</li>
 *   <li>one turn that throws ends the loop for good, e.g. a request that arrives after the sockets are bound but
 *       before the kernel has registered its handlers (a NullPointerException in the shell's turn).</li>
 * </ul>
 * Here a loop runs from the moment it exists until {@link #shutdown()}, and a failed turn is logged and the loop goes
 * on (Jupyter sends a lost {@code kernel_info_request} again a second later).
 */
public final class LoopThread extends Thread {
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private volatile boolean running = true;  // set before the thread can run, not after start()
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                if (running) LOGGER.log(Level.SEVERE, getName() + ": a turn failed, the loop goes on: " + e, e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void shutdown() {
        running = false;
    }
}
