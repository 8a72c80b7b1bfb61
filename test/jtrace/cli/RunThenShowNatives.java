package jtrace.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of {@link UnsupportedPlatformTest}: runs one jtrace command line as {@code main} does, then says
 * whether jffi, the native stub every socket call goes through, was ever loaded into this process.
 */
public final class RunThenShowNatives {
    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        int status = Main.run(args, out, new PrintWriter(System.err, true), System.getenv());
        out.println("exit " + status);
        out.println("native code loaded: " + Files.readString(Path.of("/proc/self/maps")).contains("jffi"));
        out.flush();
        System.exit(0);
    }
}
