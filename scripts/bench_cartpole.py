#!/usr/bin/env python3
"""qsweep's CartPole benchmarks: speed against the PyTorch peer, and sample efficiency.

  speed       qsweep `train --preset cartpole-cleanrl` vs the PyTorch CleanRL-style peer
              (../shared/peers/torch_dqn_cartpole.py --preset cleanrl), both pinned to the same core with one
              thread, run in turn A B A B ... so machine drift hits both; prints env steps/s of each pair, the
              ratio qsweep/peer per pair, and the median ratio.
  efficiency  `train --preset cartpole` for seeds 1..5, 50,000 steps: the first env step at which the greedy
              evaluation mean (20 episodes) reaches 475, per seed.

Needs a Python with torch and gymnasium for the peer: --python (default .venv-bench/bin/python, created with pip
when missing). Example:
  python3 scripts/bench_cartpole.py speed --steps 100000 --pairs 3
  python3 scripts/bench_cartpole.py efficiency
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QSWEEP = os.path.join(ROOT, "bin", "qsweep")
DEFAULT_PEER = os.path.join(os.path.dirname(ROOT), "shared", "peers", "torch_dqn_cartpole.py")


def ensure_python(path):
    if os.path.exists(path):
        return path
    env_dir = os.path.dirname(os.path.dirname(path))
    print(f"creating {env_dir} with torch and gymnasium (one-time) ...", file=sys.stderr)
    venv.create(env_dir, with_pip=True)
    subprocess.run([path, "-m", "pip", "install", "-q", "torch", "gymnasium", "numpy"], check=True)
    return path


def pinned(cmd, core):
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", QSWEEP_THREADS="1")
    return subprocess.run(["taskset", "-c", str(core)] + cmd, capture_output=True, text=True, env=env, check=True)


def run_qsweep(preset, steps, seed, core, out_dir):
    done = pinned([QSWEEP, "train", "--preset", preset, "--steps", str(steps), "--seed", str(seed),
                   "--out", out_dir], core)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_peer(python, peer, steps, seed, core):
    done = pinned([python, peer, "--preset", "cleanrl", "--total-steps", str(steps), "--seed", str(seed),
                   "--threads", "1", "--eval-episodes", "0"], core)
    figures = {}
    for line in done.stdout.splitlines():
        if line.startswith("# "):
            for token in line[2:].split():
                if "=" in token:
                    key, value = token.split("=", 1)
                    figures[key] = value
    return float(figures["sps_overall"])


def speed(args):
    python = ensure_python(args.python)
    subprocess.run([QSWEEP, "env", "list"], capture_output=True, check=True)  # build once, outside timing
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pair in range(args.pairs):
            ours = run_qsweep("cartpole-cleanrl", args.steps, args.seed, args.core, os.path.join(tmp, f"run{pair}"))
            peer = run_peer(python, args.peer, args.steps, args.seed, args.core)
            rows.append((ours["sps"], peer, ours["sps"] / peer))
            print(f"pair {pair + 1}: qsweep {ours['sps']:,.0f} steps/s, peer {peer:,.0f} steps/s, "
                  f"ratio {ours['sps'] / peer:.2f}", flush=True)
    print(f"median over {args.pairs} pairs, {args.steps:,} steps, core {args.core}: qsweep "
          f"{statistics.median(r[0] for r in rows):,.0f} steps/s, peer {statistics.median(r[1] for r in rows):,.0f}"
          f" steps/s, ratio {statistics.median(r[2] for r in rows):.2f}")


def efficiency(args):
    solved = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            out = os.path.join(tmp, f"seed{seed}")
            summary = run_qsweep("cartpole", args.steps, seed, args.core, out)
            first = None
            with open(os.path.join(out, "evals.csv")) as f:
                for row in csv.DictReader(f):
                    if float(row["mean"]) >= args.threshold:
                        first = int(row["global_step"])
                        break
            solved += first is not None
            print(f"seed {seed}: first eval mean >= {args.threshold:g} at step {first}; best eval mean "
                  f"{summary['best_eval_mean_return']} at {summary['best_eval_step']}; final eval mean "
                  f"{summary['eval_mean_return']}; {summary['sps']:,.0f} steps/s", flush=True)
    print(f"{solved} of {len(args.seeds)} seeds reached {args.threshold:g} within {args.steps:,} steps")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("speed")
    s.add_argument("--steps", type=int, default=100_000)
    s.add_argument("--pairs", type=int, default=3)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--core", type=int, default=0)
    s.add_argument("--python", default=os.path.join(ROOT, ".venv-bench", "bin", "python"))
    s.add_argument("--peer", default=DEFAULT_PEER)
    e = sub.add_parser("efficiency")
    e.add_argument("--steps", type=int, default=50_000)
    e.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    e.add_argument("--threshold", type=float, default=475.0)
    e.add_argument("--core", type=int, default=0)
    args = parser.parse_args()
    speed(args) if args.command == "speed" else efficiency(args)


if __name__ == "__main__":
    main()
