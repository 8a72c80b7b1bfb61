package jtrace.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials of every thread of this process, as /proc shows them: after setuid, no thread may still hold
 * root or a capability. The JVM starts and ends threads at any time (JDK 17 adds and removes JIT compiler threads
 * as load changes), so a thread may end between listing /proc/self/task and reading its status: one that ended
 * holds nothing and is skipped. Anything else that cannot be read, or differs, fails the check (fail closed).
 */
public final class ThreadCredentials {
    private ThreadCredentials() {}

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path THIS_THREAD = Path.of("/proc/thread-self/status");
    /** How long a differing thread may take to end: glibc's setuid skips a thread that is already exiting. */
    private static final long EXITING_GRACE_NANOS = 2_000_000_000L;

    /** The identity lines of a status file, tabs made single spaces: "1000 1000 1000 1000" for Uid. */
    public record Credentials(String uid, String gid, String groups, String capPrm, String capEff) {
        /** Whether the permitted and effective capability sets are empty. */
        public boolean noCapabilities() { return capPrm.matches("0+") && capEff.matches("0+"); }

        @Override
        public String toString() { return "Uid " + uid + ", Gid " + gid + ", Groups " + groups + ", CapPrm " + capPrm + ", CapEff " + capEff; }
    }

    /** The calling thread's credentials. */
    public static Credentials ofThisThread() throws IOException {
        return read(THIS_THREAD).orElseThrow(() -> new IOException("cannot read " + THIS_THREAD));
    }

    /**
     * Throws unless every thread still alive has exactly the calling thread's credentials. A thread that differs
     * is looked at again until it ends (then it held nothing) or a grace period passes (then it is an error).
     */
    public static void requireEveryThreadLikeThisOne() throws IOException {
        Credentials mine = ofThisThread();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) requireLike(mine, task);
        }
    }

    private static void requireLike(Credentials mine, Path task) throws IOException {
        long deadline = System.nanoTime() + EXITING_GRACE_NANOS;
        while (true) {
            Optional<Credentials> theirs = readIfAlive(task);
            if (theirs.isEmpty() || theirs.get().equals(mine)) return;  // ended, or alike
            if (System.nanoTime() - deadline > 0)
                throw new IOException("thread " + task.getFileName() + " still has " + theirs.get() + " (this thread: " + mine + ")");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking thread " + task.getFileName() + "'s credentials");
            }
        }
    }

    /** A task's credentials, or empty when it ended (its status vanished or answered ESRCH, and its directory is gone). */
    private static Optional<Credentials> readIfAlive(Path task) throws IOException {
        Optional<Credentials> credentials = Optional.empty();
        String failure = "its status has no identity lines";
        try {
            credentials = read(task.resolve("status"));
        } catch (IOException e) {
            failure = e.toString();
        }
        if (credentials.isPresent() || !Files.exists(task)) return credentials;  // read, or it ended while we looked
        throw new IOException("cannot read the credentials of thread " + task.getFileName() + ": " + failure);
    }

    /** Empty when the file lacks an identity line (a task caught while it ends may show a short status). */
    private static Optional<Credentials> read(Path status) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(status)) {
            int colon = line.indexOf(':');
            if (colon > 0) fields.put(line.substring(0, colon), line.substring(colon + 1).strip().replaceAll("\\s+", " "));
        }
        String uid = fields.get("Uid"), gid = fields.get("Gid"), groups = fields.get("Groups"),
                capPrm = fields.get("CapPrm"), capEff = fields.get("CapEff");
        if (uid == null || gid == null || groups == null || capPrm == null || capEff == null) return Optional.empty();
        return Optional.of(new Credentials(uid, gid, groups, capPrm, capEff));
    }
}
