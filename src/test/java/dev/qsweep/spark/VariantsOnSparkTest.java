package dev.qsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsweep.sweep.SweepFiles;
import dev.qsweep.sweep.SweepPlan;
import dev.qsweep.sweep.TrialExpansion;
import dev.qsweep.sweep.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep with variants on a real local Spark: each trial's row names its variant, and the summary groups by it. */
class VariantsOnSparkTest {
    private static SparkSession spark;

    @TempDir
    static Path output;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("VariantsOnSparkTest")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** Runs a sweep of {@link TinySweeps#tinyCartPole} trials cut to 300 steps (one evaluation), and reads it. */
    private static SweepPlan runSweep(String text) throws Exception {
        SweepPlan plan = TrialExpansion.expand(SweepFiles.parse(text.replace("steps = 900", "steps = 300"),
                "jobs/test.conf"));
        SweepLayout layout = SweepRunner.layoutFor(plan.spec(), new Configuration());
        SweepRunner.Result result = SweepRunner.run(spark, plan, layout, line -> { });
        result.outcomes().forEach(o -> assertEquals(TrialStatus.DONE, o.status(), o.reason()));
        SweepTables.register(spark, layout.root());
        return plan;
    }

    @Test
    void everyRowNamesItsVariantAndTheSummaryGroupsByIt() throws Exception {
        SweepPlan plan = runSweep(TinySweeps.tinyCartPole("variants", "[1]", output) + """
                variants = [ { name = base }, { name = "+double_q", double_q = true, gamma = 0.9 } ]
                grid { exploration_final_eps = [0.05, 0.1] }
                """);
        List<String> rows = new ArrayList<>();
        for (Row row : spark.sql("SELECT trial_index, variant, double_q, gamma, exploration_final_eps, trial_id "
                + "FROM trials ORDER BY trial_index").collectAsList()) {
            rows.add(row.getInt(0) + " " + row.getString(1) + " " + row.getBoolean(2) + " " + row.getDouble(3) + " "
                    + row.getDouble(4));
            assertEquals(plan.trials().get(row.getInt(0)).trialId(), row.getString(5));
        }
        // cartpole-cleanrl: gamma 0.99, double_q off
        assertEquals(List.of("0 base false 0.99 0.05", "1 base false 0.99 0.1", "2 +double_q true 0.9 0.05",
                "3 +double_q true 0.9 0.1"), rows);

        List<SweepSummary.Configuration> top = SweepSummary.top(spark, plan, 10);
        assertEquals(4, top.size());
        for (SweepSummary.Configuration configuration : top) {
            Map<String, Object> settings = configuration.settings();
            assertEquals(List.of("variant", "exploration_final_eps", "gamma", "double_q").stream().sorted().toList(),
                    settings.keySet().stream().sorted().toList());
            assertEquals(settings.get("variant").equals("+double_q"), settings.get("double_q"), settings.toString());
            assertEquals(1L, configuration.seeds());
        }
    }

    @Test
    void aSweepWithoutVariantsLeavesTheColumnNull() throws Exception {
        runSweep(TinySweeps.tinyCartPole("plain", "[1]", output));
        List<Row> rows = spark.sql("SELECT variant FROM trials").collectAsList();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).isNullAt(0));
    }
}
