///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.github.jnr:jnr-posix:3.2.8
//DEPS com.github.jnr:jffi:1.4.3
//DEPS com.github.jnr:jffi:1.4.3:native
//DEPS info.picocli:picocli:4.7.7
//DEPS org.jline:jline:4.6.0
//DEPS info.picocli:picocli-shell-jline3:4.7.7
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -Djdk.reflect.useNativeAccessorOnly=true
// (-XX:CompileThresholdScaling=10: a trace's ~100 ms ran C1 on ~15 ms of CPU compiling code run a few hundred times; hot loops still compile.)
// (-Djdk.reflect.useNativeAccessorOnly=true: on JDK 18+ each method jffi and jnr-ffi call by reflection spun method-handle classes, ~30 ms of a trace on 25 that its AOT cache does not keep; 17 ignores it.)
//JAVAC_OPTIONS -XDstringConcat=inline
// (-XDstringConcat=inline: "a" + b as StringBuilder code; invokedynamic spun ~30 ms of classes per start that no archive keeps.)
//FILES jtrace/notebook/RapaioDisplays.java=notebook/RapaioDisplays.java
//FILES jtrace/notebook/LoopThread.java=notebook/LoopThread.java
//DESCRIPTION jtrace: traceroute for the JVM (unprivileged UDP and ICMP probes)
//SOURCES lib/jtrace/FinishedHops.java
//SOURCES lib/jtrace/Hop.java
//SOURCES lib/jtrace/HopLedger.java
//SOURCES lib/jtrace/Jtrace.java
//SOURCES lib/jtrace/Multipath.java
//SOURCES lib/jtrace/MultipathScanner.java
//SOURCES lib/jtrace/Options.java
//SOURCES lib/jtrace/Probe.java
//SOURCES lib/jtrace/ProbeResult.java
//SOURCES lib/jtrace/RateLimitRecovery.java
//SOURCES lib/jtrace/RouteScanner.java
//SOURCES lib/jtrace/SilentRouterCheck.java
//SOURCES lib/jtrace/Trace.java
//SOURCES lib/jtrace/Waits.java
//SOURCES lib/jtrace/cli/CliCommands.java
//SOURCES lib/jtrace/cli/Errors.java
//SOURCES lib/jtrace/cli/LabCommand.java
//SOURCES lib/jtrace/cli/Main.java
//SOURCES lib/jtrace/cli/MethodComparison.java
//SOURCES lib/jtrace/cli/MultiTrace.java
//SOURCES lib/jtrace/cli/NotebookCommand.java
//SOURCES lib/jtrace/cli/PictureOption.java
//SOURCES lib/jtrace/cli/PlainTrace.java
//SOURCES lib/jtrace/cli/Repl.java
//SOURCES lib/jtrace/cli/ReplCommand.java
//SOURCES lib/jtrace/cli/ReplCommands.java
//SOURCES lib/jtrace/cli/ReplCompleter.java
//SOURCES lib/jtrace/cli/ReplResult.java
//SOURCES lib/jtrace/cli/ReplSession.java
//SOURCES lib/jtrace/cli/ReplSettings.java
//SOURCES lib/jtrace/cli/ReplWatch.java
//SOURCES lib/jtrace/cli/TraceOptions.java
//SOURCES lib/jtrace/cli/UsageException.java
//SOURCES lib/jtrace/engine/Engine.java
//SOURCES lib/jtrace/engine/Event.java
//SOURCES lib/jtrace/engine/Policy.java
//SOURCES lib/jtrace/engine/ProbeId.java
//SOURCES lib/jtrace/engine/Request.java
//SOURCES lib/jtrace/lab/Build.java
//SOURCES lib/jtrace/lab/Cleanup.java
//SOURCES lib/jtrace/lab/CommandOutput.java
//SOURCES lib/jtrace/lab/Commands.java
//SOURCES lib/jtrace/lab/Lab.java
//SOURCES lib/jtrace/lab/LabDns.java
//SOURCES lib/jtrace/lab/LabException.java
//SOURCES lib/jtrace/lab/LabNetwork.java
//SOURCES lib/jtrace/lab/LabStatus.java
//SOURCES lib/jtrace/lab/MplsCore.java
//SOURCES lib/jtrace/lab/MplsResponder.java
//SOURCES lib/jtrace/lab/Namespaces.java
//SOURCES lib/jtrace/lab/ResponderProcess.java
//SOURCES lib/jtrace/lab/Scenario.java
//SOURCES lib/jtrace/lab/Topology.java
//SOURCES lib/jtrace/lab/Users.java
//SOURCES lib/jtrace/lab/Wiring.java
//SOURCES lib/jtrace/multi/MultiScanner.java
//SOURCES lib/jtrace/multi/Pacer.java
//SOURCES lib/jtrace/multi/RouterBudget.java
//SOURCES lib/jtrace/multi/StopSet.java
//SOURCES lib/jtrace/multipath/FirstHop.java
//SOURCES lib/jtrace/multipath/MdaPlanner.java
//SOURCES lib/jtrace/multipath/StoppingRule.java
//SOURCES lib/jtrace/names/AsLookup.java
//SOURCES lib/jtrace/names/Cymru.java
//SOURCES lib/jtrace/names/Dns.java
//SOURCES lib/jtrace/names/Names.java
//SOURCES lib/jtrace/names/Origin.java
//SOURCES lib/jtrace/names/ReverseDns.java
//SOURCES lib/jtrace/names/Targets.java
//SOURCES lib/jtrace/nat/NatAnnotator.java
//SOURCES lib/jtrace/nat/NatDetector.java
//SOURCES lib/jtrace/notebook/NotebookSetup.java
//SOURCES lib/jtrace/packet/AddressText.java
//SOURCES lib/jtrace/packet/Bytes.java
//SOURCES lib/jtrace/packet/Checksum.java
//SOURCES lib/jtrace/packet/Decoded.java
//SOURCES lib/jtrace/packet/Decoder.java
//SOURCES lib/jtrace/packet/Hexdump.java
//SOURCES lib/jtrace/packet/IcmpExtensions.java
//SOURCES lib/jtrace/packet/IcmpMeanings.java
//SOURCES lib/jtrace/packet/IcmpMessage.java
//SOURCES lib/jtrace/packet/Icmpv6Message.java
//SOURCES lib/jtrace/packet/Ipv4Header.java
//SOURCES lib/jtrace/packet/Ipv6ExtensionHeader.java
//SOURCES lib/jtrace/packet/Ipv6Header.java
//SOURCES lib/jtrace/packet/MalformedPacketException.java
//SOURCES lib/jtrace/packet/Meanings.java
//SOURCES lib/jtrace/packet/Paris.java
//SOURCES lib/jtrace/packet/Part.java
//SOURCES lib/jtrace/packet/Quote.java
//SOURCES lib/jtrace/packet/QuoteReader.java
//SOURCES lib/jtrace/packet/TcpHeader.java
//SOURCES lib/jtrace/packet/UdpHeader.java
//SOURCES lib/jtrace/probe/FlowMethod.java
//SOURCES lib/jtrace/probe/ForwardingMethod.java
//SOURCES lib/jtrace/probe/IcmpMethod.java
//SOURCES lib/jtrace/probe/IpFamily.java
//SOURCES lib/jtrace/probe/LastReceived.java
//SOURCES lib/jtrace/probe/LastSent.java
//SOURCES lib/jtrace/probe/Method.java
//SOURCES lib/jtrace/probe/MethodClock.java
//SOURCES lib/jtrace/probe/Methods.java
//SOURCES lib/jtrace/probe/PathMtu.java
//SOURCES lib/jtrace/probe/ProbeMethod.java
//SOURCES lib/jtrace/probe/ProbeSettings.java
//SOURCES lib/jtrace/probe/ProbeSetupException.java
//SOURCES lib/jtrace/probe/ProbeSockets.java
//SOURCES lib/jtrace/probe/QuoteWatch.java
//SOURCES lib/jtrace/probe/RawIcmpMatcher.java
//SOURCES lib/jtrace/probe/RawMethod.java
//SOURCES lib/jtrace/probe/RawTcpMatcher.java
//SOURCES lib/jtrace/probe/RawTcpMethod.java
//SOURCES lib/jtrace/probe/Reply.java
//SOURCES lib/jtrace/probe/SocketMethod.java
//SOURCES lib/jtrace/probe/TcpConnectMethod.java
//SOURCES lib/jtrace/probe/UdpMethod.java
//SOURCES lib/jtrace/ratelimit/IcmpBudget.java
//SOURCES lib/jtrace/render/AtlasJson.java
//SOURCES lib/jtrace/render/Csv.java
//SOURCES lib/jtrace/render/Dot.java
//SOURCES lib/jtrace/render/Format.java
//SOURCES lib/jtrace/render/HopView.java
//SOURCES lib/jtrace/render/Html.java
//SOURCES lib/jtrace/render/Json.java
//SOURCES lib/jtrace/render/MtrJson.java
//SOURCES lib/jtrace/render/MtuMarks.java
//SOURCES lib/jtrace/render/MultipathJson.java
//SOURCES lib/jtrace/render/MultipathText.java
//SOURCES lib/jtrace/render/MultipathView.java
//SOURCES lib/jtrace/render/Notes.java
//SOURCES lib/jtrace/render/Palette.java
//SOURCES lib/jtrace/render/ProbeResultView.java
//SOURCES lib/jtrace/render/ProbeText.java
//SOURCES lib/jtrace/render/ProbeView.java
//SOURCES lib/jtrace/render/Rendered.java
//SOURCES lib/jtrace/render/ReportCsv.java
//SOURCES lib/jtrace/render/RouteGraph.java
//SOURCES lib/jtrace/render/Svg.java
//SOURCES lib/jtrace/render/Table.java
//SOURCES lib/jtrace/render/TraceDiff.java
//SOURCES lib/jtrace/render/TraceText.java
//SOURCES lib/jtrace/render/TraceView.java
//SOURCES lib/jtrace/render/WatchTable.java
//SOURCES lib/jtrace/render/WatchView.java
//SOURCES lib/jtrace/render/Wrap.java
//SOURCES lib/jtrace/result/Finding.java
//SOURCES lib/jtrace/result/HopKind.java
//SOURCES lib/jtrace/result/HopStats.java
//SOURCES lib/jtrace/result/Stop.java
//SOURCES lib/jtrace/sys/DirectLibC.java
//SOURCES lib/jtrace/sys/ErrnoException.java
//SOURCES lib/jtrace/sys/Interfaces.java
//SOURCES lib/jtrace/sys/JffiStub.java
//SOURCES lib/jtrace/sys/LibC.java
//SOURCES lib/jtrace/sys/LoadBeforeDrop.java
//SOURCES lib/jtrace/sys/Message.java
//SOURCES lib/jtrace/sys/Native.java
//SOURCES lib/jtrace/sys/NativeSocket.java
//SOURCES lib/jtrace/sys/Platform.java
//SOURCES lib/jtrace/sys/PollSet.java
//SOURCES lib/jtrace/sys/Privileges.java
//SOURCES lib/jtrace/sys/RealtimeClock.java
//SOURCES lib/jtrace/sys/Resolver.java
//SOURCES lib/jtrace/sys/Sockaddr.java
//SOURCES lib/jtrace/sys/Sockets.java
//SOURCES lib/jtrace/sys/ThreadCredentials.java
//SOURCES lib/jtrace/sys/Tun.java
//SOURCES lib/jtrace/sys/UnsupportedPlatformException.java
//SOURCES lib/jtrace/watch/Rounds.java
//SOURCES lib/jtrace/watch/RouteWatch.java
//SOURCES lib/jtrace/watch/StoppableMethod.java
//SOURCES lib/jtrace/watch/WatchReport.java
package jtrace.app;

// Imported, not written out: inside this class the simple name `jtrace` means the
// class itself, so `jtrace.cli.Main` would not resolve to the package.
import jtrace.cli.Main;

/**
 * The JBang entry point of jtrace: {@code jbang jtrace.java ARGS} or
 * {@code jbang jtrace@CATALOG ARGS}. The //SOURCES lines above list every file
 * under lib/ one by one (bin/sync-sources rewrites them): JBang drops wildcard
 * //SOURCES when the script is fetched from a URL. The //DEPS versions must equal
 * pom.xml's (test/jtrace/script/ScriptHeaderTest checks both).
 */
public class jtrace {
    public static void main(String[] args) throws Exception {
        Main.main(args);
    }
}
