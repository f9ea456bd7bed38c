#!/usr/bin/env python3
"""Cost of each Rainbow component (issue 14) in env steps/s on MinAtar Breakout-v1, one core, relative to plain DQN.

Runs `bin/qsweep train` pinned to one CPU (taskset) for plain DQN (preset minatar), DQN plus each component, and the
full minatar-rainbow preset, interleaved over rounds (each round in a rotated order, so no configuration always runs
first or after the same neighbour), evaluation and checkpoints off. Prints, per configuration, the median over rounds
of two speeds and of the per-round ratio to DQN's:

  train sps  env steps per second of the training phase only: from the first episode that ends at or after
             --window-from env steps (past both presets' learning_starts, 5,000 and 1,000) to the last episode, from
             episodes.csv's global_step and wall_seconds. JVM start, Spark-free setup, the replay warm-up without
             updates and the partial last episode are left out.
  run sps    the JSON summary's `sps`: the whole run after the JVM started (acting from step 0, updates from
             learning_starts on).

A configuration that `qsweep train` refuses (exit 2, e.g. `noisy` before its layer exists) is listed as refused with
the message's first line; the others still run.

  scripts/bench_components.py [--steps 20000] [--rounds 2] [--cpu 1] [--window-from 8000]

Only the Python standard library is needed.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "MinAtar/Breakout-v1"

# name, preset, settings over it. The components as jobs/minatar-rainbow-ablation.conf switches them.
CONFIGS = [
    ("dqn", "minatar", []),
    ("+double_q", "minatar", ["double_q=true"]),
    ("+dueling", "minatar", ["dueling=true"]),
    ("+n_step", "minatar", ["n_step=3"]),
    ("+per", "minatar", ["prioritized_replay=true"]),
    ("+c51", "minatar", ["num_atoms=51", "v_min=-100", "v_max=100"]),
    ("+noisy", "minatar", ["noisy=true"]),
    ("+rmsprop", "minatar", ["optimizer=rmsprop"]),
    ("rainbow", "minatar-rainbow", []),
]


def train_phase_sps(episodes_csv, window_from):
    """Env steps per second between the end of the first episode at or past window_from and the last episode."""
    with open(episodes_csv, newline="") as f:
        rows = [(int(r["global_step"]), float(r["wall_seconds"])) for r in csv.DictReader(f)]
    inside = [r for r in rows if r[0] >= window_from]
    if len(inside) < 2 or inside[-1][1] <= inside[0][1]:
        raise ValueError(f"{episodes_csv}: fewer than two episodes end after step {window_from}; raise --steps")
    (first_step, first_wall), (last_step, last_wall) = inside[0], inside[-1]
    return (last_step - first_step) / (last_wall - first_wall)


def run_one(qsweep, cpu, preset, settings, steps, out):
    command = ["taskset", "-c", str(cpu), str(qsweep), "train", "--env", ENV, "--preset", preset, "--seed", "1",
               "--steps", str(steps), "--out", str(out), "--set", "eval_episodes=0", "--set", "checkpoint_interval=0"]
    for s in settings:
        command += ["--set", s]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode == 2:
        lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("[")]
        # The message's first clause is enough for the table: "noisy = true is declared but not available yet".
        message = lines[-1].removeprefix("qsweep: error: ") if lines else "exit 2"
        return {"refused": message.split(":")[0]}
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{' '.join(command)} failed with exit {done.returncode}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {"run_sps": summary["sps"], "episodes_csv": out / "episodes.csv"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cpu", type=int, default=1)
    parser.add_argument("--window-from", type=int, default=8000)
    parser.add_argument("--qsweep", default=str(ROOT / "bin" / "qsweep"))
    args = parser.parse_args()
    if args.window_from >= args.steps:
        parser.error("--window-from must be below --steps")

    results = {name: [] for name, _, _ in CONFIGS}  # per round: dict or refusal
    refused = {}
    with tempfile.TemporaryDirectory(prefix="bench_components_") as tmp:
        for round_index in range(args.rounds):
            order = CONFIGS[round_index % len(CONFIGS):] + CONFIGS[:round_index % len(CONFIGS)]
            for name, preset, settings in order:
                if name in refused:
                    continue
                out = Path(tmp) / f"{name.lstrip('+')}-{round_index}"
                result = run_one(args.qsweep, args.cpu, preset, settings, args.steps, out)
                if "refused" in result:
                    refused[name] = result["refused"]
                    print(f"round {round_index + 1}: {name:10s} refused: {result['refused']}", file=sys.stderr)
                    continue
                result["train_sps"] = train_phase_sps(result.pop("episodes_csv"), args.window_from)
                results[name].append(result)
                print(f"round {round_index + 1}: {name:10s} train {result['train_sps']:7.0f}  run "
                      f"{result['run_sps']:7.0f} env steps/s", file=sys.stderr)

    dqn = results["dqn"]
    if len(dqn) != args.rounds:
        raise SystemExit("plain DQN did not finish every round; no ratios")
    print(f"MinAtar Breakout-v1, {args.steps:,} env steps per run, seed 1, taskset -c {args.cpu}, {args.rounds} "
          f"interleaved rounds; train sps from step {args.window_from:,}; medians over rounds\n")
    print("| configuration | settings over the preset | train env steps/s | per round | × DQN (train) | run env steps/s "
          "| × DQN (run) |")
    print("|---|---|---|---|---|---|---|")
    for name, preset, settings in CONFIGS:
        label = f"preset `{preset}`" + (", " + ", ".join(f"`{s}`" for s in settings) if settings else "")
        if name in refused:
            print(f"| {name} | {label} | refused: {refused[name]} | | | | |")
            continue
        rows = results[name]
        train = statistics.median(r["train_sps"] for r in rows)
        run = statistics.median(r["run_sps"] for r in rows)
        train_ratio = statistics.median(r["train_sps"] / d["train_sps"] for r, d in zip(rows, dqn))
        run_ratio = statistics.median(r["run_sps"] / d["run_sps"] for r, d in zip(rows, dqn))
        rounds = ", ".join(f"{r['train_sps']:,.0f}" for r in rows)
        print(f"| {name} | {label} | {train:,.0f} | {rounds} | {train_ratio:.2f} | {run:,.0f} | {run_ratio:.2f} |")


if __name__ == "__main__":
    main()
