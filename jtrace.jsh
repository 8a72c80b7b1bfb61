//DEPS jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
// (--limit-modules: JBang starts jshell with every system module, incubators too, and the JVM then says so first.)
// jtrace in JShell:  ./jbang -i jtrace.jsh   (or, from the catalog: jbang jtrace-shell@<org>)
// Everything below is imported, so at the prompt:  trace("10.71.6.2")  probe("10.71.6.2", 1)  decode(icmpEcho(1, 1))
import static jtrace.Jtrace.*;
import static jtrace.probe.Method.*;
import jtrace.probe.Method;
import jtrace.*;
import jtrace.packet.*;
import jtrace.render.*;
import jtrace.result.*;

System.out.println("jtrace " + jtrace.cli.Main.VERSION + ": trace(\"HOST\"), probe(\"HOST\", ttl), decode(bytes), hexdump(bytes),"
        + " icmpEcho(id, seq), ipv4Header(...), udpProbe(...), checksum(bytes); options() for the settings. /exit leaves.");
System.out.println("Long values (a whole trace, its table, its JSON) are cut by JShell: type /set feedback jtrace to see them whole.");

// A feedback mode that shows values whole: JShell's own cut a variable's value after 80 characters and any value
// after 1000. A file JBang hands to JShell runs before JShell sets up its modes and picks "normal", so this one
// can be defined here but not switched on: /set feedback jtrace does that (the banner above says so).
/set mode jtrace -command
/set prompt jtrace '\njshell> ' '   ...> '
/set format jtrace pre '|  '
/set format jtrace post '%n'
/set format jtrace errorpre '|  '
/set format jtrace errorpost '%n'
/set format jtrace errorline '{post}{pre}    {err}'
/set format jtrace action 'created' added-primary
/set format jtrace action 'modified' modified-primary
/set format jtrace action 'replaced' replaced-primary
/set format jtrace typeKind 'class' class
/set format jtrace typeKind 'interface' interface
/set format jtrace typeKind 'enum' enum
/set format jtrace typeKind 'record' record
/set format jtrace result '{name} ==> {value}{post}' added,modified,replaced-ok-primary
/set format jtrace display '{result}' added,modified,replaced-expression,varvalue,assignment,varinit,vardecl-ok-primary
/set format jtrace display '{pre}{action} {typeKind} {name}{post}' class,interface,enum,record-primary
/set format jtrace display '{pre}{action} method {name}({type}){post}' method-primary
/set truncation jtrace 1000000
