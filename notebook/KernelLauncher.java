package jtrace.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts rapaio's Jupyter kernel so that no request reaches it before it can answer. rapaio 3.0.1 binds its sockets
 * before it registers its message handlers, and Jupyter sends {@code kernel_info_request} at once (ZeroMQ delivers
 * it the moment the socket is bound): a request in between kills the kernel's shell thread, and the kernel then
 * answers heartbeats only, until Jupyter gives up. So the kernel gets private shell and control ports, and the ports
 * Jupyter knows open (forwarding byte for byte) only once the kernel's own ports accept connections and a moment
 * more has passed. The kernel spec that {@code jtrace notebook setup} writes starts the kernel through this class.
 */
public final class KernelLauncher {
    private KernelLauncher() {}

    /** Time for the kernel to register its handlers once its sockets are bound (microseconds normally). */
    private static final long GRACE_MS = 1500;

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: KernelLauncher CONNECTION_FILE (Jupyter passes it)");
        String connection = Files.readString(Path.of(args[0]));
        InetAddress ip = InetAddress.getByName(text(connection, "ip"));
        int shell = port(connection, "shell_port"), control = port(connection, "control_port");
        int hiddenShell = freePort(ip), hiddenControl = freePort(ip);
        Path hidden = Files.createTempFile("jtrace-kernel-", ".json");
        hidden.toFile().deleteOnExit();
        Files.writeString(hidden, withPort(withPort(connection, "shell_port", hiddenShell), "control_port", hiddenControl));

        Thread kernel = new Thread(() -> {
            try {
                org.rapaio.jupyter.kernel.MainApp.main(new String[] {hidden.toString()});
            } catch (Exception e) {
                throw new IllegalStateException("the kernel stopped: " + e, e);
            }
        }, "rapaio-kernel");
        kernel.start();
        awaitListening(ip, hiddenShell, kernel);
        awaitListening(ip, hiddenControl, kernel);
        Thread.sleep(GRACE_MS);
        forward(ip, shell, hiddenShell);
        forward(ip, control, hiddenControl);
        kernel.join();
        System.exit(0);  // the forwarding threads are daemons; the kernel's own may not be
    }

    /** Accepts on {@code from} and joins each connection to {@code to}, both ways. */
    private static void forward(InetAddress ip, int from, int to) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(ip, from));
        daemon("forward-" + from, () -> {
            while (true) {
                Socket outside = server.accept(), inside = new Socket(ip, to);
                outside.setTcpNoDelay(true);
                inside.setTcpNoDelay(true);
                daemon("pump-" + from + "-in", () -> pump(outside.getInputStream(), inside.getOutputStream(), outside, inside));
                daemon("pump-" + from + "-out", () -> pump(inside.getInputStream(), outside.getOutputStream(), outside, inside));
            }
        });
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) throws IOException {
        try {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } finally {
            a.close();
            b.close();
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static void daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                // a closed connection ends its pumps; nothing to report
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void awaitListening(InetAddress ip, int port, Thread kernel) throws InterruptedException {
        while (kernel.isAlive()) {
            try (Socket probe = new Socket(ip, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the kernel ended before it listened on port " + port);
    }

    private static int freePort(InetAddress ip) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, ip)) {
            return s.getLocalPort();
        }
    }

    private static int port(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) throw new IllegalArgumentException("no " + key + " in the connection file");
        return Integer.parseInt(m.group(1));
    }

    private static String text(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalArgumentException("no " + key + " in the connection file");
        return m.group(1);
    }

    private static String withPort(String json, String key, int port) {
        return json.replaceFirst("\"" + key + "\"\\s*:\\s*\\d+", "\"" + key + "\": " + port);
    }
}
