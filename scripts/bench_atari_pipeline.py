#!/usr/bin/env python3
"""Python peer of dev.qsweep.bench.AtariPipelineBench: Gymnasium's DQN Atari pipeline, timed.

PongNoFrameskip-v4 (ale-py) + AtariPreprocessing (noop 30, frame_skip 4, 84x84 grayscale) + FrameStackObservation(4),
reset(seed=0), then the same fixed action sequence as the Java bench, resetting on episode end (reset time included).
Prints one JSON line: agent steps/s and emulator frames/s (4 per step) of each timed run.

Run pinned to one core, e.g.: taskset -c 0 python scripts/bench_atari_pipeline.py --steps 20000 --runs 5
Needs: pip install ale-py==0.11.2 gymnasium==1.4.0 opencv-python-headless numpy
"""

from __future__ import annotations

import argparse
import json
import time

import ale_py
import gymnasium as gym
from gymnasium.wrappers import AtariPreprocessing, FrameStackObservation

gym.register_envs(ale_py)
FRAME_SKIP = 4


def action_at(t: int) -> int:
    """The action sequence both benches use: deterministic, cycling through Pong's 6 actions irregularly."""
    return (t * 7 + (t >> 3)) % 6


def timed_run(env: gym.Env, steps: int) -> float:
    start = time.perf_counter()
    for t in range(steps):
        _, _, terminated, truncated, _ = env.step(action_at(t))
        if terminated or truncated:
            env.reset()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20_000, help="agent steps per timed run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (after one warm-up run)")
    args = parser.parse_args()
    env = FrameStackObservation(AtariPreprocessing(gym.make("PongNoFrameskip-v4"), frame_skip=FRAME_SKIP), 4)
    env.reset(seed=0)
    timed_run(env, max(1, args.steps // 4))  # warm-up
    seconds = [timed_run(env, args.steps) for _ in range(args.runs)]
    steps_per_s = sorted(args.steps / s for s in seconds)
    print(json.dumps({
        "peer": "gymnasium", "versions": {"ale_py": ale_py.__version__, "gymnasium": gym.__version__},
        "steps": args.steps, "steps_per_s": [round(r, 1) for r in steps_per_s],
        "median_steps_per_s": round(steps_per_s[len(steps_per_s) // 2], 1),
        "median_frames_per_s": round(FRAME_SKIP * steps_per_s[len(steps_per_s) // 2], 1),
    }))


if __name__ == "__main__":
    main()
