package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.config.SettingsCatalog;
import dev.qsweep.train.EpisodeRecord;
import dev.qsweep.train.EvalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/**
 * docs/TABLES.md is what the declarations generate, and the Parquet and Spark schemas of the episodes and evals tables
 * are the ones their rows declare.
 */
class TablesDocTest {

    @Test
    void theTablesPageIsUpToDate() throws Exception {
        String expected = TablesDoc.markdown();
        String actual = Files.readString(Path.of("docs/TABLES.md"));
        if (!expected.equals(actual)) {
            Files.writeString(Path.of("target/TABLES.md"), expected);
        }
        assertEquals(expected, actual, "docs/TABLES.md is out of date with the tables' declarations: "
                + "cp target/TABLES.md docs/TABLES.md (written just now by this test)");
    }

    @Test
    void everyColumnOfEveryTableIsOnThePageWithItsType() {
        String page = TablesDoc.markdown();
        for (String column : EpisodeRecord.SCHEMA.names()) {
            assertTrue(page.contains("| `" + column + "` |"), column);
        }
        assertTrue(page.contains("| `return` | double | reward |"), page);
        assertTrue(page.contains("| `hidden_sizes` | list<int32> |"), page);
        assertTrue(page.contains("| `final_eval_mean` | double, nullable | reward |"), page);
        SettingsCatalog.ALL.forEach(s -> assertTrue(page.contains("| `" + s.name() + "` |"), s.name()));
        TableSchemas.TRIALS.getFields().forEach(f -> assertTrue(page.contains("| `" + f.getName() + "` |"), f.getName()));
    }

    @Test
    void theParquetAndSparkSchemasAreTheDeclaredOnes() {
        assertEquals("""
                message episodes {
                  required int64 episode;
                  required int64 global_step;
                  required double return;
                  required int32 length;
                  required double epsilon;
                  required double wall_seconds;
                }
                """, TableSchemas.EPISODES.toString());
        List<String> spark = new ArrayList<>();
        for (StructField field : SweepTables.EVALS.fields()) {
            spark.add(field.name() + ":" + field.dataType().simpleString() + (field.nullable() ? "?" : ""));
        }
        assertEquals(List.of("global_step:bigint", "mean:double", "std:double", "min:double", "max:double",
                "episodes:int", "trial_id:string"), spark);
        assertEquals(EvalRecord.SCHEMA.names(), List.of(TableSchemas.EVALS.getFields().stream()
                .map(org.apache.parquet.schema.Type::getName).toArray()));
    }
}
