//DEPS jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
// jtrace in JShell:  ./jbang -i jtrace.jsh   (or, from the catalog: jbang jtrace-shell@<org>)
// Everything below is imported, so at the prompt:  trace("10.71.6.2")  probe("10.71.6.2", 1)  decode(icmpEcho(1, 1))
import static jtrace.Jtrace.*;
import static jtrace.Method.*;
import jtrace.*;
import jtrace.packet.*;
import jtrace.render.*;

System.out.println("jtrace " + jtrace.cli.Main.VERSION + ": trace(\"HOST\"), probe(\"HOST\", ttl), decode(bytes), hexdump(bytes),"
        + " icmpEcho(id, seq), ipv4Header(...), udpProbe(...), checksum(bytes); options() for the settings. /exit leaves.");
