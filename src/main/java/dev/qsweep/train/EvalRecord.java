package dev.qsweep.train;

import static dev.qsweep.train.Column.Type.DOUBLE;
import static dev.qsweep.train.Column.Type.INT32;
import static dev.qsweep.train.Column.Type.INT64;

import java.util.List;

/** One evaluation: {@code episodes} episodes with the evaluation policy after {@code globalStep} env steps. */
public record EvalRecord(long globalStep, double mean, double std, double min, double max, int episodes) {

    /** The columns of the {@code evals} table and {@code evals.csv}, declared once. */
    public static final RowSchema<EvalRecord> SCHEMA = new RowSchema<>("evals",
            "One row per evaluation: eval_episodes episodes with the evaluation policy (eval_epsilon), every "
                    + "eval_interval env steps and at the end.", List.of(
            Column.of("global_step", INT64, "env steps", "training env steps done before the evaluation",
                    EvalRecord::globalStep),
            Column.of("mean", DOUBLE, "reward", "the mean return of the evaluation episodes", EvalRecord::mean),
            Column.of("std", DOUBLE, "reward", "the population standard deviation (ddof 0) of their returns",
                    EvalRecord::std),
            Column.of("min", DOUBLE, "reward", "the lowest return", EvalRecord::min),
            Column.of("max", DOUBLE, "reward", "the highest return", EvalRecord::max),
            Column.of("episodes", INT32, "", "how many episodes were evaluated", EvalRecord::episodes)));
}
