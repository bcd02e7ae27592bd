package dev.inferd;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/contributing.md, checked on the compiled server classes. A request goes down
 * api -> invoke -> registry -> runtime; the store implements contracts that the layers above own
 * (DeploymentStore, KeyStore, JobStore, ArtifactStore), and only Main chooses implementations.
 */
class ThePackagesKeepTheirLayeringTest {
    private static JavaClasses server;

    @BeforeAll
    static void importTheServer() {
        server = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.inferd");
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("dev.inferd.(**)").should().beFreeOfCycles().check(server);
    }

    @Test
    void eachLayerIsUsedOnlyByTheLayersAboveIt() {
        Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Main").definedBy("dev.inferd")
                .layer("Cli").definedBy("dev.inferd.cli..")
                .layer("Api").definedBy("dev.inferd.api..")
                .layer("Invoke").definedBy("dev.inferd.invoke..")
                .layer("Auth").definedBy("dev.inferd.auth..")
                .layer("Registry").definedBy("dev.inferd.registry..")
                .layer("Runtime").definedBy("dev.inferd.runtime")
                .layer("Runtimes").definedBy("dev.inferd.runtime.*..")
                .layer("Store").definedBy("dev.inferd.store..")
                .whereLayer("Main").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cli").mayOnlyBeAccessedByLayers("Main")
                .whereLayer("Api").mayOnlyBeAccessedByLayers("Main")
                .whereLayer("Invoke").mayOnlyBeAccessedByLayers("Main", "Api", "Store")
                .whereLayer("Auth").mayOnlyBeAccessedByLayers("Main", "Cli", "Api", "Store")
                .whereLayer("Registry").mayOnlyBeAccessedByLayers("Main", "Cli", "Api", "Invoke", "Auth", "Store")
                .whereLayer("Runtime").mayOnlyBeAccessedByLayers("Main", "Api", "Invoke", "Registry", "Runtimes")
                .whereLayer("Runtimes").mayOnlyBeAccessedByLayers("Main")
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Main")
                .check(server);
    }

    @Test
    void onlyOneAdapterClassUsesVertxInternals() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.inferd.api.http.VertxInternals")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..", "io.vertx..internal..")
                .check(server);
    }
}
