package dev.clerksync.domain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Travels with the domain module, so the purity guard holds wherever the domain is reused:
 * JDK only, Reactor only in port signatures, no framework annotations.
 */
class DomainPurityTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.clerksync.domain..");

    @Test
    void theModelDependsOnNothingButTheJdkAndItself() {
        classes().that().resideInAPackage("dev.clerksync.domain.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.clerksync.domain.model..")
                .check(DOMAIN);
    }

    @Test
    void portsDependOnlyOnTheJdkTheModelAndReactorPublishers() {
        classes().that().resideInAPackage("dev.clerksync.domain.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", "dev.clerksync.domain..", "reactor.core.publisher..")
                .check(DOMAIN);
    }

    @Test
    void noDomainClassCarriesAFrameworkAnnotation() {
        noClasses().that().resideInAPackage("dev.clerksync.domain..")
                .should().beAnnotatedWith(DescribedPredicate.describe("a framework annotation",
                        annotation -> !annotation.getRawType().getPackageName().startsWith("java.")))
                .check(DOMAIN);
    }

    @Test
    void inPortsAreUseCaseInterfacesAndCommandRecords() {
        classes().that().resideInAPackage("dev.clerksync.domain.port.in..").and().haveSimpleNameEndingWith("UseCase")
                .should().beInterfaces().check(DOMAIN);
        classes().that().resideInAPackage("dev.clerksync.domain.port.in..").and().areNotInterfaces()
                .should().beRecords().andShould().haveSimpleNameEndingWith("Command").check(DOMAIN);
    }

    @Test
    void outPortsAreInterfacesNamedPort() {
        classes().that().resideInAPackage("dev.clerksync.domain.port.out..")
                .should().beInterfaces().andShould().haveSimpleNameEndingWith("Port").check(DOMAIN);
    }
}
