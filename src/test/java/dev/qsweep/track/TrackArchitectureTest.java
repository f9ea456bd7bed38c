package dev.qsweep.track;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** MLflow tracking stays free of Spark, Hadoop and Parquet (the Spark layer hands in what it owns), and the core free of MLflow. */
class TrackArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.qsweep");

    @Test
    void trackingDoesNotDependOnSparkHadoopOrTheCommandLine() {
        noClasses().that().resideInAPackage("dev.qsweep.track..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
                        "org.apache.parquet..", "scala..", "dev.qsweep.spark..", "dev.qsweep.cli..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void onlyTrackingTalksToMlflow() {
        noClasses().that().resideOutsideOfPackage("dev.qsweep.track..")
                .should().dependOnClassesThat().resideInAPackage("org.mlflow..")
                .check(CLASSES);
    }
}
