package jtrace.names;

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
 * DNS TXT queries with nothing but the JDK: JNDI's DNS provider (module jdk.naming.dns) asks the name servers of
 * /etc/resolv.conf (inside a network namespace, `ip netns exec` bind-mounts /etc/netns/NAME/resolv.conf there).
 */
final class Dns {
    private Dns() {}

    /** One try of {@code timeoutMillis}, then one retry: a dead server costs a bounded time, not minutes. */
    static List<String> txt(String name, int timeoutMillis) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, timeoutMillis)));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext dns = new InitialDirContext(env);
        try {
            Attribute txt = dns.getAttributes(name, new String[] {"TXT"}).get("TXT");
            List<String> out = new ArrayList<>();
            if (txt == null) return out;
            for (NamingEnumeration<?> values = txt.getAll(); values.hasMore(); ) out.add(unquote(String.valueOf(values.next())));
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
