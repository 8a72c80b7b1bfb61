package jtrace.hygiene;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;
import jtrace.hygiene.facade.Core;
import jtrace.hygiene.facade.Facade;
import jtrace.hygiene.facade.sub.Back;
import jtrace.hygiene.facade.sub.Sub;
import org.junit.jupiter.api.Test;

/**
 * The layers of HELPERS.md as rules on the compiled library (tests excluded). From the bottom up:
 * <ul>
 *   <li>{@code packet}, the codecs, depends on nothing of ours; {@code sys} alone calls native code; {@code probe}'s
 *       methods build on both, the {@code engine} on probe and packet only;</li>
 *   <li>{@code result}, plain result data (Stop, Finding, HopStats, HopKind), depends on nothing of ours;</li>
 *   <li>{@code render}, every output format, reads the values through views of its own (TraceView, HopView,
 *       ProbeView, MultipathView, ProbeResultView, WatchView) and the result data: it depends on result, names,
 *       probe, packet and multipath, never on the values or anything above;</li>
 *   <li>the root package {@code jtrace}: the scanners and the values they return, which implement render's views and
 *       print through the renderers (values → render, one way); {@code multi}, {@code nat} and {@code watch} build
 *       on it;</li>
 *   <li>the facade {@code jtrace.Jtrace}: in the root package for one import, but a slice of its own above all it
 *       drives (the core, multi, nat, lab, render), used by nothing but the command line;</li>
 *   <li>{@code cli} (the command line and its REPL) at the top.</li>
 * </ul>
 * No package cycles, and none ignored.
 */
class ArchitectureTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jtrace");

    /** {@code pkg} (with its subpackages) uses the JDK and itself, nothing else. */
    private static ArchRule dependsOnNothingOfOurs(String pkg) {
        return classes().that().resideInAPackage(pkg + "..").should().onlyDependOnClassesThat().resideInAnyPackage(pkg + "..", "java..");
    }

    @Test
    void packetCodecsDependOnNothingOfOurs() {
        dependsOnNothingOfOurs("jtrace.packet").check(LIBRARY);
    }

    @Test
    void onlySysTouchesNativeCode() {
        noClasses().that().resideOutsideOfPackage("jtrace.sys..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..", "com.kenai..")
                .check(LIBRARY);
    }

    @Test
    void theEngineKnowsProbeMethodsNotWhatRunsOnIt() {
        noClasses().that().resideInAPackage("jtrace.engine..")
                .should().dependOnClassesThat().resideOutsideOfPackages("jtrace.engine..", "jtrace.probe..", "jtrace.packet..", "java..")
                .check(LIBRARY);
    }

    @Test
    void plainResultDataDependsOnNothingOfOurs() {
        dependsOnNothingOfOurs("jtrace.result").check(LIBRARY);
    }

    /** The renderers read the values through their own views (TraceView, HopView…), never the values themselves; jline draws the live watch. */
    @Test
    void theRenderersReadViewsNotTheValues() {
        classes().that().resideInAPackage("jtrace.render..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("jtrace.render..", "jtrace.result..", "jtrace.names..",
                        "jtrace.probe..", "jtrace.packet..", "jtrace.multipath..", "java..", "org.jline..")
                .check(LIBRARY);
    }

    /** The JShell facade: in the root package for one import, but a layer of its own above everything it drives. */
    private static final String FACADE = "jtrace.Jtrace";

    private static ArchRule noCyclesUnder(String root, String facade) {
        return slices().assignedFrom(new TopLevelPackages(root, facade)).should().beFreeOfCycles();
    }

    /** Nothing depends on {@code facade} (or its nested classes) but itself and the classes in {@code above}. */
    private static ArchRule onlyUsedFrom(String facade, String above) {
        String self = Pattern.quote(facade) + "(\\$.*)?";
        return noClasses().that().resideOutsideOfPackage(above).and().haveNameNotMatching(self)
                .should().dependOnClassesThat().haveNameMatching(self);
    }

    @Test
    void noPackageCycles() {
        noCyclesUnder("jtrace", FACADE).check(LIBRARY);
    }

    /**
     * Only the command line (its REPL's {@code probe}) uses the facade: the lab, multi, nat and the core never call
     * it back, so its edges to them (trace names from {@code lab}, {@code traceAll} through {@code multi}, the NAT
     * mark through {@code nat}) all point down.
     */
    @Test
    void onlyTheCommandLineUsesTheFacade() {
        onlyUsedFrom(FACADE, "jtrace.cli..").check(LIBRARY);
    }

    /** The rule sees a cycle between a root package and a subpackage (test-only classes), where ArchUnit's matching("root.(*)..") does not. */
    @Test
    void theCycleRuleCountsTheRootPackage() {
        JavaClasses cyclic = new ClassFileImporter().importPackages("jtrace.hygiene.cycle");
        assertThat(cyclic.contain("jtrace.hygiene.cycle.Above")).isTrue();
        assertThat(noCyclesUnder("jtrace.hygiene.cycle", null).evaluate(cyclic).hasViolation()).isTrue();
        assertThat(slices().matching("jtrace.hygiene.cycle.(*)..").should().beFreeOfCycles().allowEmptyShould(true)
                .evaluate(cyclic).hasViolation()).isFalse();
    }

    /**
     * A facade in the root package that drives a subpackage built on the root's core is no cycle once it is a slice
     * of its own (as the root package it would be one); a subpackage that calls the facade back is still caught, by
     * the cycle rule and by the facade rule (test-only classes).
     */
    @Test
    void theFacadeIsASliceOfItsOwn() {
        String root = "jtrace.hygiene.facade", facade = Facade.class.getName();
        JavaClasses layered = new ClassFileImporter().importClasses(Facade.class, Core.class, Sub.class);
        assertThat(noCyclesUnder(root, null).evaluate(layered).hasViolation()).isTrue();
        assertThat(noCyclesUnder(root, facade).evaluate(layered).hasViolation()).isFalse();
        assertThat(onlyUsedFrom(facade, "jtrace.hygiene.cli..").evaluate(layered).hasViolation()).isFalse();
        JavaClasses callingBack = new ClassFileImporter().importClasses(Facade.class, Core.class, Sub.class, Back.class);
        assertThat(noCyclesUnder(root, facade).evaluate(callingBack).hasViolation()).isTrue();
        assertThat(onlyUsedFrom(facade, "jtrace.hygiene.cli..").evaluate(callingBack).hasViolation()).isTrue();
    }
}
