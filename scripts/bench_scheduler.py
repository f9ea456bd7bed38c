#!/usr/bin/env python3
"""Successive halving vs the full grid (issue 13 targets), on the same 27 configurations x 2 seeds of CartPole.

Runs `bin/qsweep run` on docs/benchmarks/scheduler-full-grid.conf (every trial trains 8,000 steps) and on
jobs/cartpole-halving.conf (the same grid with a successive-halving scheduler), each with its output redirected to a
fresh directory, then reads both trials tables (pyarrow) and prints:
  - env steps each run trained (the sum of env_steps over its trials: a stopped trial trained up to its rung's budget)
    and successive halving's share of the full grid's (target <= 40%);
  - both rankings of configurations by the mean over seeds of the final evaluation (the full grid: all 27; successive
    halving: its finalists), and where successive halving's best stands in the full grid's (target: top 3);
  - each run's wall time.
Needs a Python with pyarrow and pandas (QSWEEP_VENV, e.g. /work/main/.venv).

  python3 scripts/bench_scheduler.py [--only full|halving] [--out DIR] [--seeds 3,4]

With --pbt it instead runs PBT (jobs/cartpole-pbt.conf: 8 configurations x 2 seeds, 16k steps, generations of 2k)
against the same population without exploitation (docs/benchmarks/pbt-no-exploit.conf), at equal env steps, and
prints both runs' final evaluations: per seed the population's best and mean, and their means over the seeds.

  python3 scripts/bench_scheduler.py --pbt [--out DIR] [--seeds 3,4]

With --only and a reused --out, one call can run the full grid and a later one the halving job (or the other way
round): whenever DIR holds both runs, they are compared. Besides the issue's reference (the mean over seeds of the
final evaluation) the comparison prints a second one, the mean over seeds of the last 4 evaluations (6,500 to 8,000
steps; the files evaluate every 500 steps), which averages out part of a single snapshot's noise.

With --replay DIR (a directory holding a full-grid run), nothing is trained: it replays successive halving offline from
the full grid's recorded evaluations (a promoted trial trains bit-identically to the unscheduled one, so its rows are
the ones the schedule would have read) for several schedules, and prints how well the rung scores rank the final
result and where each schedule's finalists stand in both references. This is the study behind the halving job's
schedule (docs/BENCHMARKS.md section 7).

  python3 scripts/bench_scheduler.py --replay DIR [--schedules 1500:3,2000:5]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QSWEEP = os.path.join(ROOT, "bin", "qsweep")
JOBS = {"full": os.path.join(ROOT, "docs", "benchmarks", "scheduler-full-grid.conf"),
        "halving": os.path.join(ROOT, "jobs", "cartpole-halving.conf"),
        "no-exploit": os.path.join(ROOT, "docs", "benchmarks", "pbt-no-exploit.conf"),
        "pbt": os.path.join(ROOT, "jobs", "cartpole-pbt.conf")}
VARIED = ["learning_rate", "target_update_interval", "batch_size"]
STEPS = 8000
# The second reference: the mean of each trial's last SMOOTHED evaluations (every 500 steps: 6,500 to 8,000).
SMOOTHED = 4


def run(kind, out, seeds):
    with open(JOBS[kind]) as f:
        text = re.sub(r'(?m)^output = .*$', f'output = "{out}"', f.read())
    if seeds:
        text = re.sub(r'(?m)^seeds = .*$', f'seeds = [{seeds}]', text)
    job = os.path.join(out, os.path.basename(JOBS[kind]))
    name = re.search(r'(?m)^name = (\S+)', text).group(1)
    with open(job, "w") as f:
        f.write(text)
    started = time.time()
    result = subprocess.run([QSWEEP, "run", job], capture_output=True, text=True)
    seconds = time.time() - started
    with open(os.path.join(out, kind + ".log"), "w") as f:
        f.write(result.stdout + "\n--- stderr ---\n" + result.stderr)
    if result.returncode != 0:
        sys.exit(f"{kind}: bin/qsweep run exited {result.returncode}; see {out}/{kind}.log")
    print(f"{kind}: {seconds:.0f} s wall ({job})", flush=True)
    return os.path.join(out, name)


def table(root, name):
    """A table of a run, with trial_id read as text (left to inference, an all-digit id would become a number)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    part = ds.partitioning(pa.schema([("trial_id", pa.string())]), flavor="hive")
    return ds.dataset(os.path.join(root, name), format="parquet", partitioning=part).to_table().to_pandas()


def smoothed_finals(root, trials):
    """trial_id -> the mean of its last SMOOTHED evaluations at or before STEPS."""
    evals = table(root, "evals").sort_values(["trial_id", "global_step"])
    evals = evals[evals["global_step"] <= STEPS]
    means = evals.groupby("trial_id")["mean"].apply(lambda m: m.iloc[-SMOOTHED:].mean())
    return trials["trial_id"].map(means)


def ranking(root):
    """Env steps, the DONE configurations ranked best first by both references, and the trials table."""
    trials = table(root, "trials")
    steps = int(trials["env_steps"].sum())
    done = trials[trials["status"] == "DONE"].copy()
    done["smoothed"] = smoothed_finals(root, done)
    by = done.groupby(VARIED).agg(mean=("final_eval_mean", "mean"), smoothed=("smoothed", "mean"),
                                  count=("final_eval_mean", "count")).reset_index()
    by = by.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
    return steps, by, trials


def place(full, best, column):
    """Where the configuration `best` (a tuple of VARIED values) stands in `full` ranked by `column` (1 = best)."""
    ranked = full.sort_values(column, ascending=False, kind="stable")
    return [tuple(r) for r in ranked[VARIED].itertuples(index=False)].index(best) + 1


def population_scores(root):
    """Env steps, and per seed the best and the mean final evaluation over the population's members."""
    trials = table(root, "trials")
    by_seed = trials.groupby("seed")["final_eval_mean"].agg(["max", "mean"])
    return int(trials["env_steps"].sum()), by_seed, trials


def compare_pbt(roots):
    for kind in ("no-exploit", "pbt"):
        steps, by_seed, trials = population_scores(roots[kind])
        print(f"\n{kind}: {steps:,} env steps, statuses {trials['status'].value_counts().to_dict()}")
        print(by_seed.rename(columns={"max": "best final eval", "mean": "population mean"}).to_string())
        print(f"mean over seeds: best {by_seed['max'].mean():.1f}, population mean {by_seed['mean'].mean():.1f}")
    decisions = table(roots["pbt"], "decisions")
    print("\npbt decisions by outcome:", decisions.groupby("outcome").size().to_dict())
    last = decisions[decisions["rung"] == decisions["rung"].max()].sort_values("score", ascending=False)
    print("pbt final generation (member, score, settings):")
    print(last[["trial_index", "score", "settings"]].to_string(index=False))


def name_of(kind):
    with open(JOBS[kind]) as f:
        return re.search(r'(?m)^name = (\S+)', f.read()).group(1)


def compare_halving(full_root, sh_root):
    full_steps, full, _ = ranking(full_root)
    sh_steps, sh, sh_trials = ranking(sh_root)
    print(f"env steps: full grid {full_steps:,}, successive halving {sh_steps:,} = "
          f"{100.0 * sh_steps / full_steps:.1f}% (target <= 40%)")
    print("stopped trials by budget:", sh_trials[sh_trials["status"] == "STOPPED"]
          .groupby("env_steps").size().to_dict())
    full["smoothed place"] = full["smoothed"].rank(ascending=False, method="first").astype(int)
    print(f"\nfull grid ranking (mean over the seeds of the final eval; smoothed: of the last {SMOOTHED} evals):")
    print(full.to_string())
    print("\nsuccessive halving finalists:")
    print(sh.to_string())
    best = tuple(sh.loc[0, VARIED])
    print(f"\nsuccessive halving's best {dict(zip(VARIED, best))} is #{place(full, best, 'mean')} of {len(full)} in "
          f"the full grid (target: top 3)")
    smoothed_best = tuple(sh.sort_values("smoothed", ascending=False, kind="stable").iloc[0][VARIED])
    print(f"on the smoothed reference, successive halving's best {dict(zip(VARIED, smoothed_best))} is "
          f"#{place(full, smoothed_best, 'smoothed')} of {len(full)}")


def replay(root, schedules):
    """Successive halving replayed from a full grid's rows: the rung scores' rank correlation with both references,
    and each schedule's finalists' places. Scores follow the scheduler's eval_mean: the latest evaluation at or before
    the budget, averaged over the configuration's seeds; ties to the configuration listed first."""
    import pandas as pd
    _, full, trials = ranking(root)
    evals = table(root, "evals").sort_values("global_step")
    trials = trials.sort_values("trial_index")
    trials["configuration"] = list(zip(*(trials[v] for v in VARIED)))
    order = list(dict.fromkeys(trials["configuration"]))
    by_trial = {t: e for t, e in evals.groupby("trial_id")}

    def scores(budget):
        latest = {t: e[e["global_step"] <= budget]["mean"].iloc[-1] for t, e in by_trial.items()}
        return trials.assign(score=trials["trial_id"].map(latest)).groupby("configuration")["score"].mean()

    final = pd.Series(full["mean"].values, index=list(zip(*(full[v] for v in VARIED))))
    smooth = pd.Series(full["smoothed"].values, index=final.index)
    places = {ref: {c: i + 1 for i, c in enumerate(r.sort_values(ascending=False, kind="stable").index)}
              for ref, r in (("final", final), ("smoothed", smooth))}
    piv = trials.pivot_table(index="configuration", columns="seed", values="final_eval_mean")
    if piv.shape[1] == 2:
        print(f"seed against seed, rank correlation of the final evals: {piv.corr(method='spearman').iloc[0, 1]:.2f}")
    print("rank correlation of the configurations' scores at a budget with the final / smoothed reference:")
    for budget in range(1000, STEPS, 500):
        s = scores(budget).reindex(final.index)
        print(f"  {budget:>5,} steps: {s.corr(final, method='spearman'):.2f} / {s.corr(smooth, method='spearman'):.2f}")
    seeds = trials["seed"].nunique()
    for min_steps, eta in schedules:
        alive, previous, spent, budget = list(order), 0, 0, min_steps
        while True:
            budget = min(budget, STEPS)
            spent += len(alive) * seeds * (budget - previous)
            s = scores(budget)
            alive = sorted(alive, key=lambda c: (-s[c], order.index(c)))
            if budget == STEPS:
                break
            alive, previous, budget = alive[:max(1, len(alive) // eta)], budget, budget * eta
        print(f"min_steps {min_steps}, eta {eta}: {100.0 * spent / (len(trials) * STEPS):.1f}% of the grid's steps; "
              f"finalists' places in the final ranking {sorted(places['final'][c] for c in alive)}, "
              f"in the smoothed one {sorted(places['smoothed'][c] for c in alive)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["full", "halving"])
    parser.add_argument("--out", help="reuse or create this directory (default: a fresh temporary one)")
    parser.add_argument("--seeds", help="replace both files' seeds, e.g. 3,4 (default: the files' [1, 2])")
    parser.add_argument("--pbt", action="store_true", help="PBT against the same population without exploitation")
    parser.add_argument("--replay", metavar="DIR", help="replay schedules offline from the full grid run in DIR")
    parser.add_argument("--schedules", default="1500:3,2000:5,2500:9",
                        help="with --replay: min_steps:eta pairs (default 1500:3,2000:5,2500:9)")
    args = parser.parse_args()
    if args.replay:
        replay(os.path.join(args.replay, name_of("full")),
               [tuple(int(x) for x in pair.split(":")) for pair in args.schedules.split(",")])
        return
    out = args.out or tempfile.mkdtemp(prefix="qsweep-bench-scheduler-")
    os.makedirs(out, exist_ok=True)
    if args.pbt:
        roots = {kind: run(kind, out, args.seeds) for kind in ("no-exploit", "pbt")}
        compare_pbt(roots)
        return
    for kind in (["full", "halving"] if args.only is None else [args.only]):
        run(kind, out, args.seeds)
    roots = [os.path.join(out, name_of(kind)) for kind in ("full", "halving")]
    if all(os.path.isdir(os.path.join(r, "trials")) for r in roots):
        compare_halving(*roots)


if __name__ == "__main__":
    main()
