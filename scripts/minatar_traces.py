"""Records golden MinAtar rollouts with the real minatar package for the Java parity test
(src/test/resources/golden/minatar/<Game>.jsonl.gz, read by MinAtarGoldenTraceTest).

Run:  python3 -m venv /tmp/minatar-venv && /tmp/minatar-venv/bin/pip install minatar==1.0.15 numpy gymnasium
      /tmp/minatar-venv/bin/python scripts/minatar_traces.py

Each trace: gymnasium.make("MinAtar/<Game>-v0|v1", **options); reset(seed=S); a fixed number of steps; after an
episode ends a seed-less reset() (the generator continues), and once past half way reset(seed=S) again. Actions
come from a separate numpy Generator: with probability `epsilon` uniform, otherwise a simple per-game heuristic
that reads the game's internals, so that episodes last long enough for difficulty ramping, brick refills, car
re-randomisation and diver surfacing to happen. The actions are recorded; the Java test replays them.

JSON Lines, gzipped:
  {"type":"meta",...versions}
  {"type":"make","trace":k,"env":ID,"options":{...},"max_episode_steps":null}
  {"type":"reset","seed":S|null,"obs":HEX}
  {"type":"step","t":i,"action":a,"played":p,"obs":HEX,"reward":r,"terminated":b,"truncated":b,"ramp":n|null}
HEX is np.packbits of the boolean observation flattened in [row][column][channel] order (big-endian bits), as hex.
`played` is the full-set action the game received after sticky actions; `ramp` is the game's difficulty_ramp().
"""
import gzip
import json
import pathlib

import gymnasium as gym
import minatar
import numpy as np
from minatar.gym import register_envs

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/golden/minatar"
N, L, U, R, D, F = range(6)

# (version, options, seed, steps, epsilon)
CONFIGS = [
    ("v1", {}, 0, 4000, 0.05),
    ("v1", {}, 2**32 - 1, 1200, 1.0),
    ("v0", {"sticky_action_prob": 0.0}, 1, 3000, 0.1),
    ("v0", {"difficulty_ramping": False}, 7, 1500, 0.25),
    ("v1", {"sticky_action_prob": 0.0, "difficulty_ramping": False}, 123456789, 1200, 0.5),
]
# Per (game, trace) changes: Freeway needs two full 2501-frame episodes; Breakout's bricks are refilled only when a
# whole wall is cleared, which the heuristic does only when no random action interferes.
OVERRIDES = {("Freeway", 0): {"steps": 5200}, ("Breakout", 2): {"epsilon": 0.0}}
GAMES = ["Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders"]


def packed(obs):
    return np.packbits(np.asarray(obs, dtype=bool).reshape(-1).astype(np.uint8)).tobytes().hex()


def breakout(g, rng):
    # Keep the paddle under the ball: it moves as fast as the ball, so it can follow any descent.
    descending = g.ball_dir in (2, 3)
    dx = 1 if g.ball_dir in (1, 2) else -1
    target = g.ball_x if descending and g.ball_y == 8 else min(9, max(0, g.ball_x + dx))
    return L if target < g.pos else R if target > g.pos else N


def freeway(g, rng):
    return U if rng.random() < 0.8 else N


def asterix(g, rng):
    moves = {N: (0, 0), L: (-1, 0), U: (0, -1), R: (1, 0), D: (0, 1)}
    best, best_score = N, None
    for action, (mx, my) in moves.items():
        x, y = min(9, max(0, g.player_x + mx)), min(8, max(1, g.player_y + my))
        score = rng.random() * 0.1
        for e in g.entities:
            if e is None:
                continue
            ahead = e[0] + (1 if e[2] else -1)
            if e[1] == y and x in (e[0], ahead):
                score += 5 if e[3] else -100
            elif e[3]:
                score -= 0.05 * (abs(e[0] - x) + abs(e[1] - y))
        if best_score is None or score > best_score:
            best, best_score = action, score
    return best


def space_invaders(g, rng):
    pos = g.pos

    def danger(c):
        return c < 0 or c > 9 or g.e_bullet_map[5:10, c].any() or g.alien_map[8:10, c].any()

    if danger(pos):
        safe = [c for c in (pos - 1, pos + 1) if not danger(c)]
        return (L if safe[0] < pos else R) if safe else N
    if g.shot_timer == 0 and g.alien_map[:, pos].any():
        return F
    columns = [c for c in range(10) if g.alien_map[:, c].any()]
    target = min(columns, key=lambda c: abs(c - pos)) if columns else pos
    step = L if target < pos else R if target > pos else N
    return N if step != N and danger(pos + (1 if step == R else -1)) else step


def seaquest(g, rng):
    if g.diver_count >= 1 and (g.oxygen < 60 or g.diver_count >= 6 or (g.diver_count >= 3 and g.oxygen < 120)):
        return U
    if g.diver_count <= 0 and g.oxygen < 12:
        return U
    for e in g.e_subs + g.e_fish + g.e_bullets:
        if abs(e[1] - g.sub_y) <= 1 and abs(e[0] - g.sub_x) <= 2:
            toward = (e[0] > g.sub_x) == bool(g.sub_or)
            if e[1] == g.sub_y and toward and g.shot_timer == 0 and e not in g.e_bullets:
                return F
            if e[1] >= g.sub_y:
                return U if g.sub_y > 1 else D
            return D if g.sub_y < 8 else U
    if g.divers:
        d = min(g.divers, key=lambda d: abs(d[0] - g.sub_x) + abs(d[1] - g.sub_y))
        if d[1] != g.sub_y:
            return D if d[1] > g.sub_y else U
        return R if d[0] > g.sub_x else L if d[0] < g.sub_x else N
    if g.sub_y <= 1:
        return D
    return [L, R, F, N][int(rng.integers(0, 4))]


HEURISTICS = {"Asterix": asterix, "Breakout": breakout, "Freeway": freeway, "Seaquest": seaquest,
              "SpaceInvaders": space_invaders}


def record(game, version, options, seed, steps, epsilon, trace, lines):
    env_id = f"MinAtar/{game}-{version}"
    env = gym.make(env_id, **options)
    wrapper = env.unwrapped.game
    action_set = list(env.unwrapped.action_set)
    lines.append({"type": "make", "trace": trace, "env": env_id, "options": options,
                  "max_episode_steps": env.spec.max_episode_steps})
    chooser = np.random.default_rng(seed % 2**32 + 1000)
    obs, _ = env.reset(seed=seed)
    lines.append({"type": "reset", "seed": seed, "obs": packed(obs)})
    reseeded, episodes, total, max_ramp = False, 1, 0, None
    for t in range(steps):
        if chooser.random() < epsilon:
            action = int(chooser.integers(0, len(action_set)))
        else:
            wanted = HEURISTICS[game](wrapper.env, chooser)
            action = action_set.index(wanted) if wanted in action_set else 0
        obs, reward, terminated, truncated, _ = env.step(action)
        ramp = wrapper.env.difficulty_ramp()
        lines.append({"type": "step", "t": t, "action": action, "played": int(wrapper.last_action),
                      "obs": packed(obs), "reward": int(reward), "terminated": bool(terminated),
                      "truncated": bool(truncated), "ramp": None if ramp is None else int(ramp)})
        total += int(reward)
        if ramp is not None:
            max_ramp = max(max_ramp or 0, ramp)
        if terminated or truncated:
            episodes += 1
            if not reseeded and t >= steps // 2:
                reseeded = True
                obs, _ = env.reset(seed=seed)
                lines.append({"type": "reset", "seed": seed, "obs": packed(obs)})
            else:
                obs, _ = env.reset()
                lines.append({"type": "reset", "seed": None, "obs": packed(obs)})
    env.close()
    print(f"  {env_id} {options} seed={seed}: {steps} steps, {episodes} episodes, reward {total}, "
          f"max ramp {max_ramp}")


def main():
    register_envs()
    OUT.mkdir(parents=True, exist_ok=True)
    for game in GAMES:
        lines = [{"type": "meta", "minatar": "1.0.15", "numpy": np.__version__, "gymnasium": gym.__version__}]
        for trace, (version, options, seed, steps, epsilon) in enumerate(CONFIGS):
            override = OVERRIDES.get((game, trace), {})
            steps, epsilon = override.get("steps", steps), override.get("epsilon", epsilon)
            record(game, version, options, seed, steps, epsilon, trace, lines)
        path = OUT / f"{game}.jsonl.gz"
        text = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
        # mtime=0 keeps the file byte-identical across regenerations.
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write(text.encode())
        print(f"{path.name}: {len(lines)} lines, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
