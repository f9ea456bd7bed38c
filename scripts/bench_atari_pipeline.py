#!/usr/bin/env python3
"""Python peer of dev.qsweep.bench.AtariPipelineBench: Gymnasium's DQN Atari pipeline, timed.

PongNoFrameskip-v4 (ale-py) + AtariPreprocessing (noop 30, frame_skip 4, 84x84 grayscale) + FrameStackObservation(4),
reset(seed=0), then the same fixed action sequence as the Java bench, resetting on episode end (reset time included).
Prints one JSON line: agent steps/s and emulator frames/s (4 per step) of each timed run.

With --emulator, times the bare emulator instead (ale.act four times per agent step, grayscale screens of the last
two frames, reset_game at game over), like AtariPipelineBench --emulator.

Run pinned to one core, e.g.: taskset -c 0 python scripts/bench_atari_pipeline.py --steps 20000 --runs 5
Needs: pip install ale-py==0.11.2 gymnasium==1.4.0 opencv-python-headless numpy
"""

from __future__ import annotations

import argparse
import json
import time

import ale_py
import gymnasium as gym
import numpy as np
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


def timed_emulator_run(ale, actions, steps: int) -> float:
    screen = np.empty((210, 160), dtype=np.uint8)
    start = time.perf_counter()
    for t in range(steps):
        action = actions[action_at(t)]
        over = False
        for frame in range(FRAME_SKIP):
            ale.act(action)
            over = ale.game_over()
            if frame >= FRAME_SKIP - 2:
                ale.getScreenGrayscale(screen)
            if over:
                break
        if over:
            ale.reset_game()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20_000, help="agent steps per timed run")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (after one warm-up run)")
    parser.add_argument("--emulator", action="store_true", help="time the bare emulator, not the pipeline")
    args = parser.parse_args()
    if args.emulator:
        env = gym.make("PongNoFrameskip-v4")
        env.reset(seed=0)
        ale, actions = env.unwrapped.ale, env.unwrapped._action_set
        run = lambda steps: timed_emulator_run(ale, actions, steps)  # noqa: E731
    else:
        env = FrameStackObservation(AtariPreprocessing(gym.make("PongNoFrameskip-v4"), frame_skip=FRAME_SKIP), 4)
        env.reset(seed=0)
        run = lambda steps: timed_run(env, steps)  # noqa: E731
    run(max(1, args.steps // 4))  # warm-up
    seconds = [run(args.steps) for _ in range(args.runs)]
    steps_per_s = sorted(args.steps / s for s in seconds)
    print(json.dumps({
        "peer": "ale-py" if args.emulator else "gymnasium", "versions": {"ale_py": ale_py.__version__, "gymnasium": gym.__version__},
        "steps": args.steps, "steps_per_s": [round(r, 1) for r in steps_per_s],
        "median_steps_per_s": round(steps_per_s[len(steps_per_s) // 2], 1),
        "median_frames_per_s": round(FRAME_SKIP * steps_per_s[len(steps_per_s) // 2], 1),
    }))


if __name__ == "__main__":
    main()
