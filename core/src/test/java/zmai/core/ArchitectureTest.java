package zmai.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** core is the device model every module shares: plain Java, no framework, no database. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("zmai.core");

    @Test
    void coreDependsOnNoFrameworkAndNoDatabase() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta..", "javax.persistence..", "javax.ws..", "java.sql..",
                        "javax.sql..", "io.smallrye..", "io.vertx..", "org.hibernate..", "org.eclipse.paho..",
                        "org.flywaydb..", "org.postgresql..")
                .because("core is shared by the flasher, the meter driver and the server, and must run anywhere")
                .check(CORE);
    }

    @Test
    void linksKnowNothingOfCommandLinesOrPayloads() {
        noClasses().that().resideInAPackage("zmai.core.link..")
                .should().dependOnClassesThat().resideInAnyPackage("zmai.core.cli..", "picocli..", "com.fasterxml.jackson..")
                .because("the flasher, the meter driver and their simulators share the serial and TCP links")
                .check(CORE);
    }

    @Test
    void theRuleSeesTheWholeModel() {
        assertThat(CORE.containPackage("zmai.core.energy")).isTrue();
        assertThat(CORE.containPackage("zmai.core.topic")).isTrue();
        assertThat(CORE.size()).isGreaterThan(30);
    }
}
