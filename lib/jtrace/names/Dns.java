package jtrace.names;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS queries with nothing but the JDK: JNDI's DNS provider (module jdk.naming.dns) asks the name servers of
 * /etc/resolv.conf (inside a network namespace, `ip netns exec` bind-mounts /etc/netns/NAME/resolv.conf there), or
 * one server given by address (the lab's: its sockets open in the network namespace of the thread that asks).
 */
final class Dns {
    private Dns() {}

    /** One try of {@code timeoutMillis}, then one retry: a dead server costs a bounded time, not minutes. */
    static List<String> txt(String name, int timeoutMillis) throws NamingException { return txt(name, timeoutMillis, null); }

    /** The TXT records of {@code name}, from {@code server} (null: resolv.conf's). */
    static List<String> txt(String name, int timeoutMillis, InetAddress server) throws NamingException {
        return records(name, "TXT", timeoutMillis, server);
    }

    /** The name a PTR record gives {@code a} ({@code server}: null for resolv.conf's), or null when there is none. */
    static String ptr(InetAddress a, int timeoutMillis, InetAddress server) throws NamingException {
        List<String> names = records(reverseName(a), "PTR", timeoutMillis, server);
        if (names.isEmpty()) return null;
        String name = names.get(0);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** D.C.B.A.in-addr.arpa, or the address's 32 nibbles reversed under ip6.arpa. */
    static String reverseName(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder name = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) name.append(b[i] & 0xff).append('.');
            return name.append("in-addr.arpa").toString();
        }
        for (int i = b.length - 1; i >= 0; i--)
            name.append(Character.forDigit(b[i] & 0xf, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        return name.append("ip6.arpa").toString();
    }

    private static List<String> records(String name, String type, int timeoutMillis, InetAddress server) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, timeoutMillis)));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        if (server != null) env.put(Context.PROVIDER_URL, "dns://" + (server instanceof java.net.Inet6Address
                ? "[" + server.getHostAddress() + "]" : server.getHostAddress()));
        DirContext dns = new InitialDirContext(env);
        try {
            Attribute records = dns.getAttributes(name, new String[] {type}).get(type);
            List<String> out = new ArrayList<>();
            if (records == null) return out;
            for (NamingEnumeration<?> values = records.getAll(); values.hasMore(); ) out.add(unquote(String.valueOf(values.next())));
            return out;
        } catch (NameNotFoundException none) {
            return List.of();  // NXDOMAIN: nothing announced, a private address
        } finally {
            dns.close();
        }
    }

    /** JNDI gives a TXT record's character-strings in quotes when they hold spaces: the text inside. */
    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
