package jtrace.lab;

import jtrace.sys.ErrnoException;
import jtrace.sys.Tun;

/**
 * Runs the MPLS lab's core ({@link MplsCore}) on a TUN device in router 2's namespace: a daemon thread reads
 * each packet routed into the device and writes back what the core makes of it. Lives as long as this process
 * (or until closed): the lab's routes into the device vanish with it, and router 2 then forwards as in a chain.
 */
final class MplsResponder implements AutoCloseable {
    private static final int POLL_MILLIS = 100;

    private final Tun tun;
    private final MplsCore core;
    private final Thread thread;
    private volatile boolean stopping;

    private MplsResponder(Tun tun, MplsCore core) {
        this.tun = tun;
        this.core = core;
        this.thread = new Thread(this::run, "jtrace-mpls-responder");
        this.thread.setDaemon(true);
    }

    /** Creates the device inside the lab's router and starts answering. */
    static MplsResponder start(Topology t) {
        Tun tun;
        try {
            tun = Namespaces.call(t.routerNamespace(t.mplsRouter()), () -> Tun.open(Wiring.MPLS_DEVICE));
        } catch (Exception e) {
            throw new LabException("cannot create the MPLS lab's TUN device " + Wiring.MPLS_DEVICE + " (is /dev/net/tun there?): "
                    + e.getMessage(), e);
        }
        MplsResponder r = new MplsResponder(tun, new MplsCore(t));
        r.thread.start();
        return r;
    }

    private void run() {
        while (!stopping) {
            try {
                byte[] packet = tun.read(POLL_MILLIS);
                if (packet == null) continue;
                for (byte[] out : core.handle(packet)) tun.write(out);
            } catch (ErrnoException e) {
                // A write the kernel refused (no route yet while the lab comes up): that probe goes unanswered.
            }
        }
    }

    /** Stops the thread, then closes the device (never while the thread may still use its descriptor). */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(10L * POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tun.close();
    }
}
