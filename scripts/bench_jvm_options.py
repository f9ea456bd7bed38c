#!/usr/bin/env python3
"""Which JVM options make a short qsweep trial faster? Runs `bin/qsweep train` (one thread, pinned to one core)
once per option set per round, the sets interleaved within each round so machine drift hits all alike, and prints
per set the median env steps/s as qsweep reports it (clock from the first env step, JIT warm-up included) and the
median wall time of the whole process (JVM start-up included).

  python3 scripts/bench_jvm_options.py --steps 30000 --rounds 3 --core 1

An AppCDS archive of the application's classes is made first (one extra run with -XX:ArchiveClassesAtExit).
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QSWEEP = os.path.join(ROOT, "bin", "qsweep")


def option_sets(archive):
    return {
        "no CDS (bin/qsweep before)": "",
        "C1 only (TieredStopAtLevel=1)": "-XX:TieredStopAtLevel=1",
        "SerialGC": "-XX:-UseParallelGC -XX:+UseSerialGC",
        "AppCDS": f"-XX:SharedArchiveFile={archive}",
        "AppCDS + SerialGC": f"-XX:SharedArchiveFile={archive} -XX:-UseParallelGC -XX:+UseSerialGC",
        "AppCDS + C1 only": f"-XX:SharedArchiveFile={archive} -XX:TieredStopAtLevel=1",
    }


def run(java_opts, steps, seed, core, out_root, preset):
    out_dir = tempfile.mkdtemp(dir=out_root)
    os.rmdir(out_dir)  # train refuses an existing output directory
    # QSWEEP_CDS=0: the option sets say themselves whether they use an archive.
    env = dict(os.environ, JAVA_OPTS=java_opts, QSWEEP_THREADS="1", OMP_NUM_THREADS="1", QSWEEP_CDS="0")
    if "SharedArchive" in java_opts or "ArchiveClassesAtExit" in java_opts:
        env["QSWEEP_APP_CLASSES"] = os.path.join(out_root, "qsweep-classes.jar")  # CDS refuses class directories
    started = time.monotonic()
    done = subprocess.run(["taskset", "-c", str(core), QSWEEP, "train", "--preset", preset, "--steps", str(steps),
                           "--seed", str(seed), "--out", out_dir], capture_output=True, text=True, env=env, check=True)
    wall = time.monotonic() - started
    # The JVM's CDS warnings also go to stdout: the result is the last JSON line.
    result = [line for line in done.stdout.splitlines() if line.startswith("{")][-1]
    return json.loads(result)["sps"], wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--core", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--preset", default="cartpole-cleanrl")
    parser.add_argument("--only", nargs="+", help="option sets to run (names as printed); default all")
    args = parser.parse_args()
    out_root = tempfile.mkdtemp(prefix="qsweep-jvm-")
    archive = os.path.join(out_root, "qsweep-app.jsa")
    subprocess.run(["jar", "cf", os.path.join(out_root, "qsweep-classes.jar"), "-C",
                    os.path.join(ROOT, "target", "classes"), "."], check=True)
    run(f"-XX:ArchiveClassesAtExit={archive}", args.steps, args.seed, args.core, out_root, args.preset)
    sets = option_sets(archive)
    if args.only:
        sets = {name: opts for name, opts in sets.items() if name in args.only}
    results = {name: [] for name in sets}
    for round_index in range(args.rounds):
        for name, opts in sets.items():
            sps, wall = run(opts, args.steps, args.seed, args.core, out_root, args.preset)
            results[name].append((sps, wall))
            print(f"round {round_index + 1} {name:32s} {sps:8.0f} steps/s {wall:6.1f} s", flush=True)
    print(f"\n{'options':32s} {'median steps/s':>15s} {'median wall s':>14s}   JAVA_OPTS")
    for name, opts in sets.items():
        sps = statistics.median(r[0] for r in results[name])
        wall = statistics.median(r[1] for r in results[name])
        print(f"{name:32s} {sps:15.0f} {wall:14.1f}   {opts}")


if __name__ == "__main__":
    main()
