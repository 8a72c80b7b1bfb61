package jtrace.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
