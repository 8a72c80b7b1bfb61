package jtrace.probe;

import java.util.Map;

import jtrace.probe.Method;
import jtrace.Options;

/**
 * Run by {@link UnprivilegedUserTest} as an ordinary user: tries each method on 127.0.0.1 and prints one
 * line per method — "udp ok 200", "icmp ok ping 200", or "raw refused: <the message the user would see>".
 */
public final class UnprivilegedProbe {
    public static void main(String[] args) {
        for (Method method : Method.values()) {
            try (ProbeMethod probe = Methods.open(method, Loopback.LOCALHOST, Options.defaults().probeSettings())) {
                Map<Integer, Reply> replies = Loopback.burst(probe, 64, 200, 3);
                String how = probe instanceof IcmpMethod icmp ? (icmp.usesPingSocket() ? " ping" : " raw") : "";
                System.out.println(method + " ok" + how + " " + replies.size());
            } catch (ProbeSetupException e) {
                System.out.println(method + " refused: " + e.getMessage());
            } catch (Exception e) {
                System.out.println(method + " failed: " + e);
            }
        }
    }
}
