package jtrace.hygiene;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of HELPERS.md as rules on the compiled library (tests excluded). Package cycles: see the report of issue #16 (probe still reads Options; render reads cli.watch). */
class ArchitectureTest {
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("jtrace");

    @Test
    void packetCodecsDependOnNothingOfOurs() {
        classes().that().resideInAPackage("jtrace.packet..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("jtrace.packet..", "java..")
                .check(LIBRARY);
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
}
