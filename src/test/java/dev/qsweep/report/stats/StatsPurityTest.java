package dev.qsweep.report.stats;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The statistics stay pure math (the contract with the report pipeline): JDK, commons-math3 and settings errors only. */
class StatsPurityTest {
    @Test
    void statisticsUseOnlyTheJdkAndCommonsMath() {
        classes().that().resideInAPackage("dev.qsweep.report.stats")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.apache.commons.math3..",
                        "dev.qsweep.report.stats", "dev.qsweep.config")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.qsweep.report.stats"));
    }
}
