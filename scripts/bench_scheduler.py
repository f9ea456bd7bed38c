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


def ranking(root):
    import pyarrow.parquet as pq
    trials = pq.read_table(os.path.join(root, "trials")).to_pandas()
    steps = int(trials["env_steps"].sum())
    done = trials[trials["status"] == "DONE"]
    by = done.groupby(VARIED)["final_eval_mean"].agg(["mean", "count"]).reset_index()
    by = by.sort_values("mean", ascending=False, kind="stable").reset_index(drop=True)
    return steps, by, trials


def population_scores(root):
    """Env steps, and per seed the best and the mean final evaluation over the population's members."""
    import pyarrow.parquet as pq
    trials = pq.read_table(os.path.join(root, "trials")).to_pandas()
    by_seed = trials.groupby("seed")["final_eval_mean"].agg(["max", "mean"])
    return int(trials["env_steps"].sum()), by_seed, trials


def compare_pbt(roots):
    import pyarrow.parquet as pq
    for kind in ("no-exploit", "pbt"):
        steps, by_seed, trials = population_scores(roots[kind])
        print(f"\n{kind}: {steps:,} env steps, statuses {trials['status'].value_counts().to_dict()}")
        print(by_seed.rename(columns={"max": "best final eval", "mean": "population mean"}).to_string())
        print(f"mean over seeds: best {by_seed['max'].mean():.1f}, population mean {by_seed['mean'].mean():.1f}")
    decisions = pq.read_table(os.path.join(roots["pbt"], "decisions")).to_pandas()
    print("\npbt decisions by outcome:", decisions.groupby("outcome").size().to_dict())
    last = decisions[decisions["rung"] == decisions["rung"].max()].sort_values("score", ascending=False)
    print("pbt final generation (member, score, settings):")
    print(last[["trial_index", "score", "settings"]].to_string(index=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["full", "halving"])
    parser.add_argument("--out", help="reuse or create this directory (default: a fresh temporary one)")
    parser.add_argument("--seeds", help="replace both files' seeds, e.g. 3,4 (default: the files' [1, 2])")
    parser.add_argument("--pbt", action="store_true", help="PBT against the same population without exploitation")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="qsweep-bench-scheduler-")
    os.makedirs(out, exist_ok=True)
    roots = {}
    if args.pbt:
        for kind in ("no-exploit", "pbt"):
            roots[kind] = run(kind, out, args.seeds)
        compare_pbt(roots)
        return
    for kind in (["full", "halving"] if args.only is None else [args.only]):
        roots[kind] = run(kind, out, args.seeds)
    if len(roots) < 2:
        return
    full_steps, full, _ = ranking(roots["full"])
    sh_steps, sh, sh_trials = ranking(roots["halving"])
    print(f"env steps: full grid {full_steps:,}, successive halving {sh_steps:,} = "
          f"{100.0 * sh_steps / full_steps:.1f}% (target <= 40%)")
    print("stopped trials by budget:", sh_trials[sh_trials["status"] == "STOPPED"]
          .groupby("env_steps").size().to_dict())
    print("\nfull grid ranking (mean final eval over the seeds):")
    print(full.to_string())
    print("\nsuccessive halving finalists:")
    print(sh.to_string())
    best = tuple(sh.loc[0, VARIED])
    place = [tuple(r) for r in full[VARIED].itertuples(index=False)].index(best) + 1
    print(f"\nsuccessive halving's best {dict(zip(VARIED, best))} is #{place} of {len(full)} in the full grid "
          f"(target: top 3)")


if __name__ == "__main__":
    main()
