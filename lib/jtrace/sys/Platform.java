package jtrace.sys;

import java.util.Set;

/**
 * The operating system and CPU jtrace runs on, and whether its native code fits them. Everything in {@code sys/}
 * speaks 64-bit Linux: socket options by number (IP_RECVERR 11 at the IP level is another option on macOS, so a
 * call could succeed and mean something else), and msghdr, cmsghdr, sockaddr_in/in6 and sock_extended_err laid
 * out by hand. Those numbers come from Linux's generic headers and the layouts from the LP64 ABI, which x86_64
 * and aarch64 share: one C program printing every constant, size and offset jtrace uses gave the same 85 values
 * against the x86_64 and the aarch64 glibc and kernel headers (Debian's libc6-dev-arm64-cross). 32-bit ARM, other
 * CPUs and other systems are refused before the first socket call instead of being guessed at.
 *
 * @param osName as the JVM's {@code os.name} says it ("Linux", "Mac OS X", "Windows 11")
 * @param osArch as {@code os.arch} says it ("amd64" for x86_64, "aarch64", "arm")
 */
public record Platform(String osName, String osArch) {
    /** Forces what {@link #current()} finds, "OS/ARCH" (e.g. "Mac OS X/aarch64"): for tests of the refusal in a child JVM. */
    public static final String OVERRIDE = "jtrace.platform";

    private static final Set<String> CHECKED_ARCHS = Set.of("amd64", "x86_64", "aarch64");

    /** This JVM's os.name and os.arch, or the {@value #OVERRIDE} system property when it is set. */
    public static Platform current() {
        String forced = System.getProperty(OVERRIDE);
        if (forced != null && forced.contains("/"))
            return new Platform(forced.substring(0, forced.lastIndexOf('/')), forced.substring(forced.lastIndexOf('/') + 1));
        return new Platform(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"));
    }

    /** Throws {@link UnsupportedPlatformException} unless {@link #current()} is supported: every socket path's first step. */
    public static void requireSupported() {
        current().require();
    }

    /** Linux on x86_64 or aarch64: where jtrace's socket numbers and layouts have been checked. */
    public boolean supported() {
        return osName.equals("Linux") && CHECKED_ARCHS.contains(osArch);
    }

    /** Throws with {@link #refusal()} unless {@link #supported()}. */
    public void require() {
        if (!supported()) throw new UnsupportedPlatformException(refusal());
    }

    /** One line: what is supported, what was found, what works instead. */
    public String refusal() {
        return "tracing needs Linux on x86_64 or aarch64 (jtrace's sockets use its numbers and layouts), found os.name '"
                + osName + "', os.arch '" + osArch + "': run jtrace in a Linux VM or container (the lab needs Linux anyway)";
    }
}
