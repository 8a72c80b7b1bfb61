///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../jtrace.java
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --limit-modules=java.se,jdk.jshell,jdk.unsupported,jdk.zipfs
//
// Your first trace: the route from the lab's client to its destination, and three ways to look at it.
//
// Works against `jtrace lab` (no internet needed). Build the lab once, run this inside its client, remove it:
//   sudo ./jbang jtrace.java lab up chain
//   sudo ip netns exec jtl-chain-c ./jbang examples/first-trace.jsh
//   sudo ./jbang jtrace.java lab down
// Tracing needs no root: to run as yourself inside the lab, put
//   setpriv --reuid=$(id -u) --regid=$(id -g) --init-groups
// after `ip netns exec jtl-chain-c`. Elsewhere: ./jbang examples/first-trace.jsh HOST
import static jtrace.Jtrace.*;

// The chain lab: client 10.71.1.1 -> r1 -> r2 -> r3 -> r4 -> r5 -> destination 10.71.6.2.
var host = args.length > 0 ? args[0] : "10.71.6.2";
var t = trace(host);

// 1. As traceroute prints it: one line per hop, one time per probe (3 probes per hop).
System.out.println(t);

// 2. As a table: how many probes each hop answered, and the best, average and worst round trip.
System.out.println(t.table());

// 3. As values, to compute with: every hop, who answered, why the trace stopped.
System.out.println("hops: " + t.hops().size() + ", reached the destination: " + t.reached() + ", stopped because: " + t.stop());
for (var hop : t.hops())
    System.out.println("hop " + hop.ttl() + ": " + (hop.silent() ? "no answer" : hop.address().getHostAddress())
            + ", " + hop.answers() + " of " + hop.probes().size() + " probes answered");

// 4. As JSON in RIPE Atlas's format, which measurement tools read.
System.out.println(t.json());

// 5. As a picture: the route as a chain of hops, each with its round trip (silent hops dashed). save() writes it
//    for a browser. In the notebook (examples/first-trace.ipynb) a cell that ends in a value shows it: the lines
//    starting with //nb are those cells, the trace as a table with a bar per round trip, then its picture.
t.svg().save("first-trace.svg");
System.out.println("the route as a picture: first-trace.svg");
//nb t

//nb t.svg()
