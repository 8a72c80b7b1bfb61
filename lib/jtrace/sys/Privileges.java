package jtrace.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Who we are and what the kernel will let us open, for error messages and tests. Identity comes from
 * jnr-posix, loaded on first use (100–300 ms): ask only when something already failed, never per probe.
 */
public final class Privileges {
    private Privileges() {}

    private static final int CAP_NET_RAW = 13;
    private static final Path PING_GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");

    private static final class Posix {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    public static int uid() { return Posix.POSIX.getuid(); }

    public static int euid() { return Posix.POSIX.geteuid(); }

    public static int gid() { return Posix.POSIX.getgid(); }

    /** The group the kernel checks first against net.ipv4.ping_group_range. */
    public static int egid() { return Posix.POSIX.getegid(); }

    public static long[] groups() { return Posix.POSIX.getgroups(); }

    public static boolean isRoot() { return euid() == 0; }

    /** Whether CAP_NET_RAW is in this process's effective set (/proc/self/status CapEff): raw sockets allowed. */
    public static boolean hasCapNetRaw() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("CapEff:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> CAP_NET_RAW & 1) == 1;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** The gid range allowed to open ping sockets in this network namespace, e.g. [1, 0] = nobody. */
    public static Optional<long[]> pingGroupRange() {
        try {
            // Not Files.readString: it reads /proc/sys files one byte first, and sysctl answers nothing past offset 0.
            String[] parts = Files.readAllLines(PING_GROUP_RANGE).get(0).trim().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "1 0", as sysctl prints it, or "unknown". */
    public static String pingGroupRangeText() {
        return pingGroupRange().map(r -> r[0] + " " + r[1]).orElse("unknown");
    }

    /** Whether our effective group or a supplementary group is inside ping_group_range (the kernel's test). */
    public static boolean pingSocketsAllowed() {
        long[] range = pingGroupRange().orElse(null);
        if (range == null) return false;
        if (egid() >= range[0] && egid() <= range[1]) return true;
        for (long g : groups()) if (g >= range[0] && g <= range[1]) return true;
        return false;
    }

    /** Who the process is after {@link #dropToSudoUser}: real = effective = saved ids, one group. */
    public record Identity(int uid, int gid) {
        @Override
        public String toString() { return "uid " + Integer.toUnsignedString(uid) + ", gid " + Integer.toUnsignedString(gid); }
    }

    /**
     * Started as root through sudo (SUDO_UID and SUDO_GID in {@code environment})? Then become the invoking
     * user for good: setgroups to that user's primary group alone, setgid, setuid — in this order, because
     * each call needs the root that the next one gives up — and check that root cannot be regained. Call it
     * once the probe socket is open: the socket keeps working, and nothing after it needs root. Every class the
     * rest of the run may use is loaded first ({@link LoadBeforeDrop}): the user may not be able to read them.
     * <p>
     * Only the primary group, not the user's supplementary groups: after the drop jtrace reads replies and
     * writes text, which needs no group at all, and looking the groups up would mean NSS (maybe LDAP) calls
     * while still root. The supplementary groups root had (gid 0 among them) are cleared either way.
     * glibc applies each call to every thread of the process (the JVM has many).
     *
     * @return the identity now in force, or empty when there is nothing to drop (not root, not started by
     *         sudo, or sudo from root itself); jtrace then goes on as it is, as ping and traceroute do
     * @throws IOException when SUDO_UID/SUDO_GID are malformed or any step fails: jtrace must not go on as
     *         root when it was asked to run as someone else
     */
    public static Optional<Identity> dropToSudoUser(Map<String, String> environment) throws IOException {
        String uidText = environment.get("SUDO_UID"), gidText = environment.get("SUDO_GID");
        if (uidText == null && gidText == null || euid() != 0) return Optional.empty();  // jnr-posix loads only under sudo
        int uid = sudoId("SUDO_UID", uidText), gid = sudoId("SUDO_GID", gidText);
        if (uid == 0) return Optional.empty();
        LoadBeforeDrop.everything();  // the sudo user may not be able to read jtrace's files
        POSIX posix = Posix.POSIX;
        if (Native.libc().setgroups(1, new int[] {gid}) != 0) throw dropFailed("setgroups([" + gid + "])", Native.errno());
        if (posix.setgid(gid) != 0) throw dropFailed("setgid(" + gid + ")", posix.errno());
        if (posix.setuid(uid) != 0) throw dropFailed("setuid(" + uid + ")", posix.errno());
        Identity now = new Identity(uid, gid);
        verifyDropped(now);
        return Optional.of(now);
    }

    private static int sudoId(String name, String text) throws IOException {
        if (text == null || !text.matches("[0-9]{1,10}") || Long.parseLong(text) > 0xFFFF_FFFEL)
            throw new IOException(name + " is " + (text == null ? "missing" : "'" + text + "'")
                    + ", not a user or group id: refusing to run as root on behalf of an unknown user (unset SUDO_UID and SUDO_GID to stay root)");
        return (int) Long.parseLong(text);
    }

    private static IOException dropFailed(String call, int errno) {
        return new IOException("cannot give up root: " + call + " failed: " + Native.describe(errno)
                + "; refusing to go on as root");
    }

    /** Every id of every thread is the user's, no capability is left, and setuid(0) is refused. */
    private static void verifyDropped(Identity want) throws IOException {
        POSIX posix = Posix.POSIX;
        long[] groups = posix.getgroups();
        if (posix.getuid() != want.uid() || posix.geteuid() != want.uid() || posix.getgid() != want.gid()
                || posix.getegid() != want.gid() || groups.length != 1 || groups[0] != Integer.toUnsignedLong(want.gid()))
            throw new IOException("cannot give up root: after setuid the ids are uid " + posix.geteuid() + " gid "
                    + posix.getegid() + ", not " + want + "; refusing to go on");
        String u = Integer.toUnsignedString(want.uid()), g = Integer.toUnsignedString(want.gid());
        try {
            ThreadCredentials.Credentials mine = ThreadCredentials.ofThisThread();
            if (!mine.uid().equals(String.join(" ", u, u, u, u)) || !mine.gid().equals(String.join(" ", g, g, g, g))
                    || !mine.groups().equals(g) || !mine.noCapabilities())
                throw new IOException("this thread still has " + mine);
            ThreadCredentials.requireEveryThreadLikeThisOne();
        } catch (IOException e) {
            throw new IOException("cannot give up root: " + e.getMessage() + "; refusing to go on", e);
        }
        if (posix.setuid(0) == 0) throw new IOException("cannot give up root: setuid(0) succeeded after the drop; refusing to go on");
    }
}
