package dev.clerksync.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Controller;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The hexagon's rules over all modules' main code (bootstrap is the one module that sees them all).
 * Maven already stops most wrong dependencies between modules; these rules also catch what a
 * module's own dependencies would allow.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.clerksync";
    private static final String GENERATED_JOOQ = "dev.clerksync.adapter.persistence.jooq..";
    private static final Pattern TEST_JARS = Pattern.compile(".*-tests\\.jar.*");

    private static final JavaClasses MAIN_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.matches(TEST_JARS))
            .importPackages(ROOT + "..");

    private static JavaClasses handWritten() {
        return MAIN_CODE.that(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(GENERATED_JOOQ)));
    }

    @Test
    void layersDependInwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("Domain").definedBy(ROOT + ".domain..")
                .layer("Application").definedBy(ROOT + ".application..")
                .layer("Web adapter").definedBy(ROOT + ".adapter.web..")
                .layer("Persistence adapter").definedBy(ROOT + ".adapter.persistence..")
                .layer("Clerk adapter").definedBy(ROOT + ".adapter.clerk..")
                .layer("Bootstrap").definedBy(ROOT + ".bootstrap..")
                .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Web adapter").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Persistence adapter").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Clerk adapter").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Domain").mayOnlyAccessLayers("Domain")
                .check(MAIN_CODE);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        slices().matching(ROOT + ".adapter.(*)..").should().notDependOnEachOther().check(MAIN_CODE);
    }

    @Test
    void adaptersReachTheCoreOnlyThroughDomainPortsAndModel() {
        noClasses().that().resideInAPackage(ROOT + ".adapter..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".application..")
                .check(MAIN_CODE);
    }

    @Test
    void theDomainIsPlainJavaWithReactorOnlyInPorts() {
        classes().that().resideInAPackage(ROOT + ".domain.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".domain.model..")
                .check(MAIN_CODE);
        classes().that().resideInAPackage(ROOT + ".domain.port..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".domain..", "reactor.core.publisher..")
                .check(MAIN_CODE);
    }

    @Test
    void theApplicationIsFrameworkFree() {
        classes().that().resideInAPackage(ROOT + ".application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..", ROOT + ".domain..", ROOT + ".application..", "reactor..")
                .check(MAIN_CODE);
        noClasses().that().resideInAnyPackage(ROOT + ".domain..", ROOT + ".application..")
                .should().beAnnotatedWith(DescribedPredicate.describe("a framework annotation",
                        annotation -> !annotation.getRawType().getPackageName().startsWith("java.")))
                .check(MAIN_CODE);
    }

    @Test
    void jooqR2dbcAndLiquibaseStayInThePersistenceAdapter() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".adapter.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "io.r2dbc..", "liquibase..")
                .check(MAIN_CODE);
    }

    @Test
    void svixAndNimbusStayInTheClerkAdapter() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".adapter.clerk..")
                .should().dependOnClassesThat().resideInAnyPackage("com.svix..", "com.nimbusds..")
                .check(MAIN_CODE);
    }

    @Test
    void springWebStaysInTheWebAdapter() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".adapter.web..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..")
                .check(MAIN_CODE);
    }

    @Test
    void theClerkAdapterIsUsableWithoutSpring() {
        noClasses().that().resideInAPackage(ROOT + ".adapter.clerk..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(MAIN_CODE);
    }

    @Test
    void useCasesAreImplementedByServicesInTheApplication() {
        classes().that().implement(JavaClass.Predicates.simpleNameEndingWith("UseCase"))
                .should().resideInAPackage(ROOT + ".application.service..")
                .andShould().haveSimpleNameEndingWith("Service")
                .check(MAIN_CODE);
    }

    @Test
    void outPortsAreImplementedByAdaptersNamedSo() {
        classes().that().implement(JavaClass.Predicates.resideInAPackage(ROOT + ".domain.port.out.."))
                .should().resideInAPackage(ROOT + ".adapter..")
                .andShould().haveSimpleNameEndingWith("Adapter")
                .check(MAIN_CODE);
    }

    @Test
    void routesAreHandlerFunctionsInTheWebAdapterAndConfigurationsAreNamedSo() {
        // An annotated controller would put WebFlux's handler-method lookup back on every request's
        // path (README, "Performance"); the routes are functions, in WebRoutes.
        noClasses().should().beMetaAnnotatedWith(Controller.class).check(MAIN_CODE);
        classes().that(DescribedPredicate.describe("handle requests",
                        (JavaClass type) -> type.getMethods().stream().anyMatch(method ->
                                method.getModifiers().contains(JavaModifier.PUBLIC)
                                        && method.getRawParameterTypes().stream()
                                                .anyMatch(parameter -> parameter.isEquivalentTo(ServerRequest.class)))))
                .should().resideInAPackage(ROOT + ".adapter.web..")
                .andShould().haveSimpleNameEndingWith("Handler")
                .check(MAIN_CODE);
        classes().that().areAnnotatedWith(Configuration.class)
                .should().haveSimpleNameEndingWith("Configuration")
                .check(MAIN_CODE);
    }

    @Test
    void noMethodListensThroughEventListener() {
        // The service's context does not look for @EventListener methods (EventListenerMethodScanOff):
        // one would never be called. Implement ApplicationListener instead.
        noMethods().should().beMetaAnnotatedWith(EventListener.class).check(MAIN_CODE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        // jOOQ's generated Tables/Keys/tables.* refer to each other by design; ours must not.
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(handWritten());
    }

    @Test
    void mainCodeNeverBlocksOnAPublisher() {
        noClasses().should().callMethodWhere(DescribedPredicate.describe("a blocking Mono/Flux method",
                        (JavaMethodCall call) -> (call.getTargetOwner().isAssignableTo(Mono.class)
                                || call.getTargetOwner().isAssignableTo(Flux.class))
                                && call.getName().matches("block.*|toIterable|toStream")))
                .check(MAIN_CODE);
    }

    @Test
    void mainCodeFollowsGeneralCodingRules() {
        var handWritten = handWritten();
        // The entry point alone owns the process's console: it hands it to the reconcile command,
        // whose output is a report rather than a log. Everything else logs.
        noClasses().that().doNotBelongToAnyOf(ClerkSyncApplication.class)
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(handWritten);
        GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(handWritten);
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(handWritten);
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(handWritten);
    }
}
