#!/usr/bin/env python3
"""Golden files for qsweep's Atari code, made with the real references.

  resize/   OpenCV's cv2.cvtColor(RGB2GRAY) and cv2.resize(INTER_AREA) of real game frames (ale-py) and of
            synthetic edge cases; checked byte for byte by OpenCvImagesTest.
  traces/   ale-py + Gymnasium rollouts with fixed seeds and actions: per step the SHA-256 of the observation bytes,
            the reward and the episode flags; compared with qsweep's ALE 0.7.3 rollouts by AleParityTest.

Needs: pip install ale-py==0.11.2 gymnasium==1.4.0 opencv-python-headless numpy
Run:   python scripts/atari_golden_frames.py [--out src/test/resources/golden/atari]
The output is deterministic: rerunning it must not change any committed file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path

import ale_py
import cv2
import gymnasium as gym
import numpy as np
from gymnasium.wrappers import AtariPreprocessing, FrameStackObservation

gym.register_envs(ale_py)

# Real frames: (env id, seed, steps taken with seeded random actions before the frame is kept).
REAL_FRAMES = [
    ("PongNoFrameskip-v4", 1, [0, 120, 400]),
    ("BreakoutNoFrameskip-v4", 2, [0, 150]),
    ("SpaceInvadersNoFrameskip-v4", 3, [60, 300]),
    ("SeaquestNoFrameskip-v4", 4, [200]),
    ("MsPacmanNoFrameskip-v4", 5, [250]),
    ("EnduroNoFrameskip-v4", 6, [300]),
]


def gz_write(path: Path, data: bytes) -> None:
    # mtime=0 keeps the gzip header, and so the committed file, identical between runs.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(data)


def resize_case(out_dir: Path, name: str, image: np.ndarray, size: tuple[int, int], source: str) -> dict:
    """Writes the input, its grayscale (for RGB) and the INTER_AREA resize; returns the manifest entry."""
    assert image.dtype == np.uint8
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    width, height = size
    small = cv2.resize(gray, (width, height), interpolation=cv2.INTER_AREA)
    gz_write(out_dir / f"{name}.input.gz", np.ascontiguousarray(image).tobytes())
    if image.ndim == 3:
        gz_write(out_dir / f"{name}.gray.gz", gray.tobytes())
    gz_write(out_dir / f"{name}.resized.gz", small.tobytes())
    return {
        "name": name,
        "source": source,
        "channels": 3 if image.ndim == 3 else 1,
        "height": image.shape[0],
        "width": image.shape[1],
        "out_height": height,
        "out_width": width,
    }


def real_frames() -> list[tuple[str, np.ndarray, str]]:
    frames = []
    for env_id, seed, keep_steps in REAL_FRAMES:
        env = gym.make(env_id)
        obs, _ = env.reset(seed=seed)
        actions = np.random.default_rng(seed)
        step = 0
        for keep in keep_steps:
            while step < keep:
                obs, _, terminated, truncated, _ = env.step(int(actions.integers(env.action_space.n)))
                step += 1
                if terminated or truncated:
                    obs, _ = env.reset()
            game = env_id.split("NoFrameskip")[0].lower()
            frames.append((f"{game}_seed{seed}_step{keep}", obs.copy(),
                           f"{env_id} reset(seed={seed}), {keep} steps of default_rng({seed}).integers(n)"))
        env.close()
    return frames


def synthetic_frames() -> list[tuple[str, np.ndarray, str, tuple[int, int]]]:
    rng = np.random.default_rng(2024)
    h, w = 210, 160
    ys, xs = np.mgrid[0:h, 0:w]
    checker = (((ys + xs) % 2) * 255).astype(np.uint8)
    gradient = np.stack([(xs * 255 // (w - 1)), (ys * 255 // (h - 1)), ((xs + ys) % 256)], axis=-1).astype(np.uint8)
    single = np.zeros((h, w, 3), np.uint8)
    single[105, 80] = 255
    single[0, 0] = (255, 0, 0)
    single[h - 1, w - 1] = (0, 0, 255)
    return [
        ("black", np.zeros((h, w, 3), np.uint8), "all zeros", (84, 84)),
        ("white", np.full((h, w, 3), 255, np.uint8), "all 255 (rounding must not overflow)", (84, 84)),
        ("noise_rgb", rng.integers(0, 256, (h, w, 3), dtype=np.uint8), "uniform noise", (84, 84)),
        ("checker_rgb", np.stack([checker] * 3, axis=-1), "one-pixel checkerboard 0/255", (84, 84)),
        ("gradient_rgb", gradient, "colour gradients", (84, 84)),
        ("single_pixels", single, "a few lit pixels at centre and corners", (84, 84)),
        ("noise_gray", rng.integers(0, 256, (h, w), dtype=np.uint8), "grayscale noise (resize only)", (84, 84)),
        ("noise_gray_odd", rng.integers(0, 256, (97, 131), dtype=np.uint8), "odd sizes 97x131 -> 40x50", (50, 40)),
        ("noise_gray_64", rng.integers(0, 256, (h, w), dtype=np.uint8), "210x160 -> 64x64", (64, 64)),
    ]


def sha256(obs: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(obs, dtype=np.uint8).tobytes()).hexdigest()


def trace(env: gym.Env, seed: int, actions: list[int]) -> list[dict]:
    obs, info = env.reset(seed=seed)
    lines = [{"type": "reset", "seed": seed, "obs_sha256": sha256(obs), "lives": int(info["lives"])}]
    for t, action in enumerate(actions):
        obs, reward, terminated, truncated, info = env.step(action)
        lines.append({"type": "step", "t": t, "action": action, "obs_sha256": sha256(obs), "reward": float(reward),
                      "terminated": bool(terminated), "truncated": bool(truncated), "lives": int(info["lives"])})
        if terminated or truncated:
            break
    return lines


def write_jsonl(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines))


def traces(out_dir: Path) -> list[dict]:
    manifest = []
    # Raw frames, deterministic setting: no sticky actions, frameskip 1.
    cases = [
        ("pong_noframeskip", "PongNoFrameskip-v4", {}, None, 0, 2000, 6),
        ("breakout_v5_nosticky", "ALE/Breakout-v5", {"repeat_action_probability": 0.0}, None, 3, 400, 4),
        # Gymnasium's usual DQN pipeline: AtariPreprocessing + FrameStackObservation(4).
        ("pong_atari_preprocessing", "PongNoFrameskip-v4", {}, "atari", 7, 500, 6),
        ("breakout_atari_preprocessing", "BreakoutNoFrameskip-v4", {}, "atari", 11, 500, 4),
    ]
    for name, env_id, kwargs, wrappers, seed, steps, n_actions in cases:
        env = gym.make(env_id, **kwargs)
        if wrappers == "atari":
            env = FrameStackObservation(AtariPreprocessing(env), 4)
        actions = [int(a) for a in np.random.default_rng(seed).integers(n_actions, size=steps)]
        write_jsonl(out_dir / f"{name}.jsonl", trace(env, seed, actions))
        env.close()
        manifest.append({"name": name, "env_id": env_id, "options": kwargs,
                         "preprocess": wrappers or "", "seed": seed, "actions": len(actions)})
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="src/test/resources/golden/atari")
    args = parser.parse_args()
    out = Path(args.out)
    resize_dir = out / "resize"
    trace_dir = out / "traces"
    resize_dir.mkdir(parents=True, exist_ok=True)
    trace_dir.mkdir(parents=True, exist_ok=True)

    cases = [resize_case(resize_dir, name, frame, (84, 84), source) for name, frame, source in real_frames()]
    cases += [resize_case(resize_dir, name, image, size, source) for name, image, source, size in synthetic_frames()]
    versions = {"ale_py": ale_py.__version__, "gymnasium": gym.__version__, "opencv": cv2.__version__,
                "numpy": np.__version__}
    (resize_dir / "manifest.json").write_text(json.dumps({"versions": versions, "cases": cases}, indent=1) + "\n")
    (trace_dir / "manifest.json").write_text(
        json.dumps({"versions": versions, "traces": traces(trace_dir)}, indent=1) + "\n")
    print(f"wrote {len(cases)} resize cases and traces to {out}")


if __name__ == "__main__":
    main()
