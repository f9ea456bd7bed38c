#!/usr/bin/env bash
# Nature-CNN per-call cost, interleaved on one core: qsweep with the fused CNN path ("after"), the same build with
# DL4J's backprop and output() (-Dqsweep.dl4jBackprop=true, "before"), and the PyTorch peer, ROUNDS times in turn.
# Prints one JSON line per program and round (ConvQNetworkBench / bench_nature_cnn.py output, tagged), plus the load.
#
#   ./mvnw -q -o compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
#   TORCH_PYTHON=/path/to/venv/bin/python ROUNDS=3 CORE=1 [CLASSES=target/classes] scripts/bench_cnn_pairs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-1}
PY=${TORCH_PYTHON:?set TORCH_PYTHON to a python with torch}
CP="${CLASSES:-target/classes}:$(cat target/classpath.txt)"
JAVA=(java -XX:+UseParallelGC -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "$CP")
tag() { while IFS= read -r line; do case "$line" in "{"*) echo "{\"program\": \"$1\", \"round\": $2, \"load\": \"$(cut -d' ' -f1 /proc/loadavg)\", \"result\": $line}";; esac; done; }
for round in $(seq 1 "$ROUNDS"); do
  OMP_NUM_THREADS=1 taskset -c "$CORE" "${JAVA[@]}" dev.qsweep.bench.ConvQNetworkBench qnetwork | tag after "$round"
  OMP_NUM_THREADS=1 taskset -c "$CORE" "${JAVA[@]}" -Dqsweep.dl4jBackprop=true dev.qsweep.bench.ConvQNetworkBench qnetwork | tag before "$round"
  OMP_NUM_THREADS=1 taskset -c "$CORE" "$PY" scripts/bench_nature_cnn.py --loss huber | tag torch "$round"
done
