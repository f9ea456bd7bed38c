#!/usr/bin/env bash
# MinAtar Breakout, preset `minatar`, 30k env steps on one core: the fused CNN step ("after") and DL4J's backprop
# (-Dqsweep.dl4jBackprop=true, "before") in turn, ROUNDS times. One JSON line per run: the CLI's result, tagged.
#   ROUNDS=3 CORE=1 STEPS=30000 [QSWEEP_APP_CLASSES=dir] scripts/bench_minatar_pairs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-1}
STEPS=${STEPS:-30000}
run() {
  local tag=$1 round=$2 load; shift 2
  load=$(cut -d' ' -f1 /proc/loadavg)
  local out dir
  dir=$(mktemp -d)
  out=$(JAVA_OPTS="$*" taskset -c "$CORE" bin/qsweep train --env MinAtar/Breakout-v1 --preset minatar --seed 1 \
      --steps "$STEPS" --out "$dir/run" 2>/dev/null | tail -1)
  rm -rf "$dir"
  echo "{\"program\": \"$tag\", \"round\": $round, \"load\": \"$load\", \"result\": $out}"
}
for round in $(seq 1 "$ROUNDS"); do
  run after "$round"
  run before "$round" -Dqsweep.dl4jBackprop=true
done
