#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript / spark.worker.resource.gpu.discoveryScript):
# prints the GPUs this executor may use as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
# Addresses are the indices nvidia-smi reports, restricted to CUDA_VISIBLE_DEVICES when that is set.
set -euo pipefail
command -v nvidia-smi >/dev/null || { echo "gpu_discovery.sh: nvidia-smi not found; is this a GPU node?" >&2; exit 1; }
mapfile -t indices < <(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ')
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" ]]; then
  IFS=',' read -r -a visible <<< "$CUDA_VISIBLE_DEVICES"
  indices=("${visible[@]}")
fi
printf '{"name":"gpu","addresses":['
for i in "${!indices[@]}"; do
  [[ $i -gt 0 ]] && printf ','
  printf '"%s"' "${indices[$i]}"
done
printf ']}\n'
