#!/usr/bin/env python3
"""qsweep's sweep benchmarks (issue 3 targets).

  scaling   the same 16-trial CartPole sweep with `bin/qsweep run --master local[1]` and `local[2]`, one core per
            trial: local[1] pinned to core 0, local[2] to cores 0,1 (--same-cores gives both runs cores 0,1, so the
            JVM's GC/JIT/ND4J threads of local[1] get the second core for free). Each run in a fresh JVM and output
            directory, in turn A B A B ...; prints wall seconds and the speedup local[1]/local[2] per pair and the
            median.
  overhead  a one-trial sweep of --steps steps: the whole `bin/qsweep run` process wall time, the trial's own training
            time (wall_seconds in the trials table) and the difference, the sweep's fixed overhead (JVM and Spark
            session start, DL4J/ND4J native load, table writing, summary query). Also `bin/qsweep --version` alone,
            the bare JVM start.
  writer    rows per second one trial's Parquet writer sustains (dev.qsweep.bench.ParquetWriterBench).

Examples:
  python3 scripts/bench_sweep.py scaling --trials 16 --steps 5000 --pairs 2
  python3 scripts/bench_sweep.py overhead --repeats 3
  python3 scripts/bench_sweep.py writer
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QSWEEP = os.path.join(ROOT, "bin", "qsweep")

LEARNING_RATES = ["2.3e-3", "1e-3", "5e-4", "2.5e-4", "1.2e-4", "6e-5", "3e-5", "1.5e-5"]


def job_file(directory, name, trials, steps):
    """A CartPole sweep of `trials` trials: learning rates × 2 seeds."""
    if trials % 2 or trials // 2 > len(LEARNING_RATES):
        sys.exit(f"--trials must be even and at most {2 * len(LEARNING_RATES)}")
    rates = ", ".join(LEARNING_RATES[: trials // 2])
    path = os.path.join(directory, name + ".conf")
    with open(path, "w") as f:
        f.write(f"""name = {name}
env = CartPole-v1
preset = cartpole
settings {{
  hidden_sizes = [64, 64]
  train_frequency = 64
  gradient_steps = 32
  eval_interval = {steps}
  eval_episodes = 5
  checkpoint_interval = {steps}
}}
grid {{ learning_rate = [{rates}] }}
seeds = [1, 2]
steps = {steps}
output = "{os.path.join(directory, 'out-' + name)}"
""")
    return path


def timed(cmd, cores):
    start = time.monotonic()
    proc = subprocess.run(["taskset", "-c", cores] + cmd, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stdout


def scaling(args):
    ratios = []
    for pair in range(args.pairs):
        walls = {}
        for master, cores in (("local[1]", "0,1" if args.same_cores else "0"), ("local[2]", "0,1")):
            with tempfile.TemporaryDirectory(prefix="qsweep-bench-") as tmp:
                job = job_file(tmp, "scaling", args.trials, args.steps)
                walls[master], _ = timed([QSWEEP, "run", job, "--master", master], cores)
        ratio = walls["local[1]"] / walls["local[2]"]
        ratios.append(ratio)
        print(f"pair {pair + 1}: {args.trials} trials x {args.steps} steps: local[1] {walls['local[1]']:.1f} s, "
              f"local[2] {walls['local[2]']:.1f} s, speedup {ratio:.2f}x", flush=True)
    print(f"median speedup local[2] vs local[1]: {statistics.median(ratios):.2f}x over {len(ratios)} pair(s)")


def overhead(args):
    version = []
    overheads = []
    for _ in range(args.repeats):
        seconds, _ = timed([QSWEEP, "--version"], args.cores)
        version.append(seconds)
        with tempfile.TemporaryDirectory(prefix="qsweep-bench-") as tmp:
            job = job_file(tmp, "overhead", 2, args.steps)
            total, _ = timed([QSWEEP, "run", job, "--master", "local[2]"], args.cores)
            out = subprocess.run([QSWEEP, "sql", os.path.join(tmp, "out-overhead", "overhead"),
                                  "SELECT max(wall_seconds) AS w FROM trials"], capture_output=True, text=True,
                                 check=True).stdout
            training = float(re.findall(r"\d+\.\d+", out)[-1])
        overheads.append(total - training)
        print(f"bin/qsweep --version {seconds:.1f} s | sweep of 2 parallel trials x {args.steps} steps: total "
              f"{total:.1f} s, slowest trial's training {training:.1f} s, fixed overhead {total - training:.1f} s",
              flush=True)
    print(f"median fixed overhead {statistics.median(overheads):.1f} s (JVM start alone {statistics.median(version):.1f} s)")


def writer(args):
    classpath_file = os.path.join(ROOT, "target", "classpath.txt")
    if not os.path.exists(classpath_file):
        subprocess.run([QSWEEP, "--version"], check=True, capture_output=True)  # builds target/classpath.txt
    classpath = os.path.join(ROOT, "target", "classes") + ":" + open(classpath_file).read().strip()
    _, out = timed(["java", "-cp", classpath, "dev.qsweep.bench.ParquetWriterBench",
                    str(args.rows), str(args.rows_per_checkpoint)], args.cores)
    print(out.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("scaling")
    p.add_argument("--trials", type=int, default=16)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--pairs", type=int, default=2)
    p.add_argument("--same-cores", action="store_true", help="run local[1] on cores 0,1 too")
    p.set_defaults(run=scaling)
    p = sub.add_parser("overhead")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--cores", default="0,1")
    p.set_defaults(run=overhead)
    p = sub.add_parser("writer")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--rows-per-checkpoint", type=int, default=500)
    p.add_argument("--cores", default="0")
    p.set_defaults(run=writer)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
