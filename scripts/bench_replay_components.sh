#!/usr/bin/env bash
# Cost of each replay-side Rainbow component (issue 14) in env steps/s on MinAtar Breakout, one core:
# the minatar preset (DQN) alone, then with n_step=3, prioritized_replay, optimizer=rmsprop, and all three.
#   scripts/bench_replay_components.sh [steps] [cpu]     (default 20000 steps on cpu 0)
# Prints one line per configuration: its settings and the run's steps/s (the summary's "sps", which counts the whole
# run: acting, training from learning_starts = 5000 on, evaluation off).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEPS="${1:-20000}"
CPU="${2:-0}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
configs=(
  ""
  "n_step=3"
  "prioritized_replay=true"
  "optimizer=rmsprop"
  "n_step=3 prioritized_replay=true optimizer=rmsprop"
)
for config in "${configs[@]}"; do
  sets=(--set eval_episodes=0 --set checkpoint_interval=0)
  for s in $config; do sets+=(--set "$s"); done
  dir="$OUT/run$RANDOM"
  taskset -c "$CPU" "$ROOT/bin/qsweep" train --env MinAtar/Breakout-v1 --preset minatar --seed 1 --steps "$STEPS" \
      --out "$dir" "${sets[@]}" >"$dir.json" 2>"$dir.log" || { cat "$dir.log" >&2; exit 1; }
  sps="$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["sps"]))' "$dir.json")"
  printf '%-55s %8s steps/s\n' "${config:-dqn (preset minatar)}" "$sps"
done
