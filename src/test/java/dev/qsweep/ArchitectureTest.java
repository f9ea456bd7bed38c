package dev.qsweep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pure core never touches Spark, MLflow, Parquet or Hadoop; only the Spark layer and the CLI may. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.qsweep");

    @Test
    void coreHasNoInfrastructureImports() {
        noClasses().that().resideInAnyPackage("dev.qsweep.rng..", "dev.qsweep.env..", "dev.qsweep.agent..",
                        "dev.qsweep.train..", "dev.qsweep.config..", "dev.qsweep.sweep..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.mlflow..",
                        "org.apache.parquet..", "org.apache.hadoop..", "scala..")
                .check(CLASSES);
    }

    @Test
    void rngAndEnvironmentsAreFreeOfDeepLearningLibraries() {
        noClasses().that().resideInAnyPackage("dev.qsweep.rng..", "dev.qsweep.env..", "dev.qsweep.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
                .check(CLASSES);
    }

    @Test
    void theSparkLayerDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("dev.qsweep.spark..", "dev.qsweep.report..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.qsweep.cli..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNotDependOnTheCommandLine() {
        noClasses().that().resideInAnyPackage("dev.qsweep.rng..", "dev.qsweep.env..", "dev.qsweep.agent..",
                        "dev.qsweep.train..", "dev.qsweep.config..", "dev.qsweep.sweep..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.qsweep.cli..", "picocli..", "dev.qsweep.spark..",
                        "dev.qsweep.report..")
                .check(CLASSES);
    }
}
