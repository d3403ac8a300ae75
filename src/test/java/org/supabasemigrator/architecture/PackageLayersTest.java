package org.supabasemigrator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages in layers: a dependency-free model (and the leaf JSON reader and settings) at the bottom, the
 * stages above it, orchestration on top, the control API and observability at the edge; no package cycle.
 */
@AnalyzeClasses(packages = "org.supabasemigrator", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageLayersTest {

    private static final String[] STAGES = { "..source..", "..transform..", "..sink..", "..verify..", "..schema..",
            "..catalog..", "..bookkeeping..", "..targetdb.." };

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.supabasemigrator.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theModelDependsOnNothingButTheJdk = noClasses().that().resideInAPackage("..model..")
            .should().dependOnClassesThat().resideOutsideOfPackages("..model..", "java..");

    @ArchTest
    static final ArchRule theJsonReaderIsALeaf = noClasses().that().resideInAPackage("..json..")
            .should().dependOnClassesThat().resideOutsideOfPackages("..json..", "java..", "com.fasterxml.jackson.core..");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("model").definedBy("..model..", "..json..", "..config..")
            .layer("stages").definedBy(STAGES)
            .layer("orchestration").definedBy("..run..")
            .layer("edge").definedBy("..control..", "..observability..")
            .whereLayer("edge").mayNotBeAccessedByAnyLayer()
            .whereLayer("orchestration").mayOnlyBeAccessedByLayers("edge")
            .whereLayer("stages").mayOnlyBeAccessedByLayers("stages", "orchestration", "edge")
            .whereLayer("model").mayOnlyBeAccessedByLayers("stages", "orchestration", "edge");

    @ArchTest
    static final ArchRule stagesCallNoRoute = noClasses().that().resideInAnyPackage(STAGES)
            .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.ProducerTemplate")
            .because("no bean inside the pipeline calls back into a route");
}
