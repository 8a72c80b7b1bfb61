package jtrace.cli;

import static jtrace.sys.Sockets.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jtrace.sys.ErrnoException;
import jtrace.sys.NativeSocket;

/**
 * Child JVM of {@link PrivilegeDropTest}: runs one jtrace command line exactly as {@code main} does (with this
 * process's environment), then reports who the process is afterwards — every thread's Uid, Gid, Groups and
 * CapEff lines from /proc — and whether a raw socket (root's privilege) can still be opened.
 */
public final class RunThenReport {
    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        int status = Main.run(args, out, new PrintWriter(System.err, true), System.getenv());
        out.println("exit " + status);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                StringBuilder line = new StringBuilder("task");
                try {
                    for (String field : Files.readAllLines(task.resolve("status")))
                        if (field.matches("(Uid|Gid|Groups|CapEff):.*")) line.append(" | ").append(field.replaceAll("\\s+", " ").strip());
                } catch (IOException e) {
                    if (!Files.exists(task)) continue;  // the thread ended while we looked (JIT threads come and go)
                    throw e;
                }
                if (line.length() > "task".length() || Files.exists(task)) out.println(line);  // else it ended mid-read
            }
        }
        try (NativeSocket raw = NativeSocket.open(AF_INET, SOCK_RAW, IPPROTO_ICMP, "raw ICMP socket")) {
            out.println("raw socket opened");
        } catch (ErrnoException e) {
            out.println("raw socket refused: " + e.reason());
        }
        out.flush();
        System.exit(0);
    }
}
