#!/usr/bin/env python3
"""Tabulates the MinAtar comparison of issue 14: DQN (preset minatar) vs minatar-rainbow, per env, preset and seed.

Reads the runs `qsweep train --out <dir>/<Env>-<preset>-<seed> > <dir>/<Env>-<preset>-<seed>.json` left (the JSON
summary is written when a run finishes; a run without it is listed as unfinished, with its progress) and prints a
markdown table: frames trained, the mean return of the last 100 training episodes (from episodes.csv, with
exploration), the final greedy evaluation (mean ± std over its episodes, from the summary) and the run's env steps/s
(the summary's sps: the whole run after the JVM started, evaluations included). Below each env, the mean over its
finished seeds per preset.

  $QSWEEP_VENV/bin/python scripts/minatar_rainbow_table.py [--dir /tmp/mbench] [--envs Breakout SpaceInvaders]
      [--presets minatar minatar-rainbow] [--seeds 1 2 3]

Only the Python standard library is needed.
"""
import argparse
import csv
import json
import statistics
from pathlib import Path

LAST_EPISODES = 100


def last_returns_mean(episodes_csv, count=LAST_EPISODES):
    """Mean return of the last `count` training episodes (fewer if the run had fewer), and how many there were."""
    with open(episodes_csv, newline="") as f:
        returns = [float(row["return"]) for row in csv.DictReader(f)]
    last = returns[-count:]
    return (statistics.fmean(last), len(last)) if last else (float("nan"), 0)


def progress(run_dir):
    """The last env step an unfinished run's episodes.csv reached, or None before its first episode."""
    episodes = run_dir / "episodes.csv"
    if not episodes.exists():
        return None
    with open(episodes, newline="") as f:
        rows = list(csv.DictReader(f))
    return int(rows[-1]["global_step"]) if rows else None


def read_run(directory, env, preset, seed):
    """One run's figures, or its state when it has not finished ('missing' or 'running')."""
    name = f"{env}-{preset}-{seed}"
    summary_file = directory / f"{name}.json"
    run_dir = directory / name
    if not summary_file.exists() or summary_file.stat().st_size == 0:
        if not run_dir.exists():
            return {"state": "missing"}
        return {"state": "running", "steps": progress(run_dir)}
    summary = json.loads(summary_file.read_text().strip().splitlines()[-1])
    recent, episodes = last_returns_mean(run_dir / "episodes.csv")
    return {"state": "done", "frames": summary["env_steps"], "recent": recent, "recent_episodes": episodes,
            "eval_mean": summary["eval_mean_return"], "eval_std": summary["eval_std_return"],
            "eval_episodes": summary["eval_episodes"], "sps": summary["sps"]}


def eval_text(run):
    if run["eval_mean"] is None:
        return "none"
    return f"{run['eval_mean']:.2f} ± {run['eval_std']:.2f} ({run['eval_episodes']} ep.)"


def table(directory, envs, presets, seeds):
    lines = ["| env | preset | seed | frames | last-100 training return | final greedy eval | env steps/s |",
             "|---|---|---|---|---|---|---|"]
    unfinished = []
    for env in envs:
        finished = {preset: [] for preset in presets}
        for preset in presets:
            for seed in seeds:
                run = read_run(directory, env, preset, seed)
                if run["state"] != "done":
                    steps = run.get("steps")
                    unfinished.append((run["state"], f"{env}-{preset}-{seed}"
                                       + ("" if steps is None else f" ({steps:,} frames so far)")))
                    continue
                finished[preset].append(run)
                recent = f"{run['recent']:.2f}" + ("" if run["recent_episodes"] == LAST_EPISODES
                                                   else f" (last {run['recent_episodes']})")
                lines.append(f"| {env} | {preset} | {seed} | {run['frames']:,} | {recent} | {eval_text(run)} | "
                             f"{run['sps']:,.0f} |")
        for preset in presets:
            runs = finished[preset]
            if not runs:
                continue
            evals = [r["eval_mean"] for r in runs if r["eval_mean"] is not None]
            eval_mean = f"{statistics.fmean(evals):.2f}" if evals else "none"
            lines.append(f"| **{env}** | **{preset}** | mean of {len(runs)} | | "
                         f"**{statistics.fmean(r['recent'] for r in runs):.2f}** | **{eval_mean}** | "
                         f"{statistics.fmean(r['sps'] for r in runs):,.0f} |")
    return "\n".join(lines), unfinished


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default="/tmp/mbench", type=Path)
    parser.add_argument("--envs", nargs="+", default=["Breakout", "SpaceInvaders"])
    parser.add_argument("--presets", nargs="+", default=["minatar", "minatar-rainbow"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    args = parser.parse_args()
    if not args.dir.is_dir():
        parser.error(f"{args.dir} is not a directory of runs")
    text, unfinished = table(args.dir, args.envs, args.presets, args.seeds)
    print(text)
    for state, label in (("running", "Running"), ("missing", "Not started")):
        runs = [name for run_state, name in unfinished if run_state == state]
        if runs:
            print(f"\n{label}: " + ", ".join(runs) + ".")


if __name__ == "__main__":
    main()
