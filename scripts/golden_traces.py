"""Records golden rollouts with real Gymnasium for the Java parity tests (src/test/resources/golden/<env>.jsonl).

Run:  python3 -m venv /tmp/envvenv && /tmp/envvenv/bin/pip install numpy gymnasium
      /tmp/envvenv/bin/python scripts/golden_traces.py

Each trace: make(env, **options); reset(seed=S); random actions (from a separate generator) for a fixed number of
steps; after an episode ends, a seed-less reset() so the generator's continuation is covered; halfway, reset(seed=S)
again. JSON Lines records:
  {"type":"make","trace":k,"env":ID,"options":{...}}        starts a new environment
  {"type":"reset","trace":k,"seed":S|null,"obs":OBS}
  {"type":"step","trace":k,"t":i,"action":a,"obs":OBS,"reward":HEX,"terminated":b,"truncated":b,"state64":[HEX...]}
OBS is a list of float.hex() strings of the float32 values for Box spaces, an int for Discrete spaces. HEX is
float.hex() of the float64 value. state64 (classic control only) is Gymnasium's internal float64 state after the step.
"""
import json
import pathlib

import gymnasium as gym
import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/golden"
SEEDS = [0, 1, 2**40 + 7]

# file name -> list of (gymnasium id, options, steps per seed)
TRACES = {
    "CartPole-v1": [("CartPole-v1", {}, 1200), ("CartPole-v1", {"sutton_barto_reward": True}, 300)],
    "MountainCar-v0": [("MountainCar-v0", {}, 900), ("MountainCar-v0", {"goal_velocity": 0.01}, 300)],
    "Acrobot-v1": [("Acrobot-v1", {}, 1200)],
    "FrozenLake-v1": [("FrozenLake-v1", {}, 600), ("FrozenLake-v1", {"is_slippery": False}, 400),
                      ("FrozenLake-v1", {"map_name": "8x8"}, 600),
                      ("FrozenLake-v1", {"map_name": "8x8", "is_slippery": True, "success_rate": 0.75}, 400)],
    "FrozenLake8x8-v1": [("FrozenLake8x8-v1", {}, 800)],
    "Taxi-v4": [("Taxi-v4", {}, 900), ("Taxi-v4", {"is_rainy": True}, 600),
                ("Taxi-v4", {"fickle_passenger": True, "fickle_probability": 0.9}, 900),
                ("Taxi-v4", {"is_rainy": True, "fickle_passenger": True, "rainy_probability": 0.6}, 600)],
}


def obs_json(obs):
    if isinstance(obs, (int, np.integer)):
        return int(obs)
    return [float(v).hex() for v in np.asarray(obs, dtype=np.float32)]


def state64(env):
    state = getattr(env.unwrapped, "state", None)
    if state is None or isinstance(state, (int, np.integer)):
        return None
    return [float(v).hex() for v in np.asarray(state, dtype=np.float64)]


def record(env_id, options, steps, seed, trace, lines):
    env = gym.make(env_id, **options)
    # Taxi/FrozenLake options are strings in Java; json keeps them typed here, the test stringifies them.
    lines.append({"type": "make", "trace": trace, "env": env_id, "options": options,
                  "max_episode_steps": env.spec.max_episode_steps})
    actions = np.random.default_rng(seed + 1000)
    obs, _ = env.reset(seed=seed)
    lines.append({"type": "reset", "trace": trace, "seed": seed, "obs": obs_json(obs)})
    reseeded = False
    for t in range(steps):
        action = int(actions.integers(0, env.action_space.n))
        obs, reward, terminated, truncated, _ = env.step(action)
        step = {"type": "step", "trace": trace, "t": t, "action": action, "obs": obs_json(obs),
                "reward": float(reward).hex(), "terminated": bool(terminated), "truncated": bool(truncated)}
        s64 = state64(env)
        if s64 is not None:
            step["state64"] = s64
        lines.append(step)
        if terminated or truncated:
            if not reseeded and t >= steps // 2:
                reseeded = True
                obs, _ = env.reset(seed=seed)
                lines.append({"type": "reset", "trace": trace, "seed": seed, "obs": obs_json(obs)})
            else:
                obs, _ = env.reset()
                lines.append({"type": "reset", "trace": trace, "seed": None, "obs": obs_json(obs)})
    env.close()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, configs in TRACES.items():
        lines = [{"type": "meta", "gymnasium": gym.__version__, "numpy": np.__version__}]
        trace = 0
        for env_id, options, steps in configs:
            for seed in SEEDS:
                record(env_id, options, steps, seed, trace, lines)
                trace += 1
        path = OUT / f"{name}.jsonl"
        with path.open("w") as f:
            for line in lines:
                f.write(json.dumps(line, separators=(",", ":")) + "\n")
        print(f"{path.name}: {trace} traces, {len(lines)} lines")


if __name__ == "__main__":
    main()
