package dev.qsweep.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.collection.mutable.ArrayBuffer;

/**
 * The sources compile against Scala 2.13 (Spark 4) and 2.12 (the spark35 profile) alike. The default build only sees
 * 2.13, so this holds the line there: Scala-2.13-only APIs ({@code scala.jdk}: CollectionConverters, FunctionConverters)
 * and 2.13's {@code immutable.Seq} in Spark signatures (2.12's is {@code collection.Seq}) fail the 2.12 build; go
 * through {@link ScalaCollections} instead.
 */
class ScalaCompatibilityTest {

    @Test
    void noScala213OnlyApis() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("scala.jdk..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("scala.collection.immutable.Seq")
                .because("the spark35 profile compiles these sources against Scala 2.12; use ScalaCollections")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.qsweep"));
    }

    @Test
    void scalaCollectionsCopiesInIterationOrder() {
        ArrayBuffer<String> buffer = new ArrayBuffer<>();
        buffer.$plus$eq("b");
        buffer.$plus$eq("a");
        buffer.$plus$eq("b");
        assertEquals(List.of("b", "a", "b"), ScalaCollections.toList(buffer));
        assertEquals(List.of(), ScalaCollections.toList(new ArrayBuffer<String>()));
    }
}
