package zmai.flasher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The protocol and the operations know nothing of the command line, so other tools and tests can drive them. */
class ArchitectureTest {

    private static final JavaClasses FLASHER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("zmai.flasher");

    @Test
    void protocolAndOperationsDoNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("zmai.flasher.protocol..", "zmai.flasher.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("zmai.flasher.cli..", "picocli..", "me.tongfei..",
                        "com.fasterxml.jackson..")
                .check(FLASHER);
    }
}
