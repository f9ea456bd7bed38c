#!/usr/bin/env bash
# Checks that the `cuda` Maven profile compiles and packages, without a GPU: builds a copy of the working tree with
# -Pcuda, checks that the cluster jar carries both ND4J backends, then trains a few steps on the CPU (the default
# even with the CUDA backend on the classpath) and checks that asking for the GPU on a machine without one is refused
# with an explanation. It does NOT exercise the GPU (none here): see docs/gpu.md.
# The first run downloads nd4j-cuda-11.6-platform (≈ 460 MB of linux-x86_64 natives) into ~/.m2.
#   scripts/check_cuda_profile.sh [work-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d -t qsweep-cuda-XXXXXX)}"
mkdir -p "$WORK"
echo "check_cuda_profile: building a copy of the working tree in $WORK with -Pcuda" >&2
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | (cd "$WORK" && tar -xf -)
cd "$WORK"
started=$(date +%s)
MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}" ./mvnw -B -q -Pcuda -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath-cuda.txt
echo "check_cuda_profile: -Pcuda package took $(( $(date +%s) - started )) s" >&2
JAR=$(ls target/*-spark.jar)
ls -l "$JAR" >&2
unzip -l "$JAR" | grep -q 'org/nd4j/linalg/jcublas/JCublasBackend.class' \
  || { echo "FAIL: $JAR has no CUDA backend class" >&2; exit 1; }
services=$(unzip -p "$JAR" META-INF/services/org.nd4j.linalg.factory.Nd4jBackend)
grep -q JCublasBackend <<< "$services" && grep -q CpuBackend <<< "$services" \
  || { echo "FAIL: the jar's Nd4jBackend services do not list both backends: $services" >&2; exit 1; }
echo "check_cuda_profile: $JAR carries the CPU and CUDA backends" >&2

# bin/qsweep with the -Pcuda classpath for both choices (its own CPU build would leave the CUDA jars out).
cp target/classpath-cuda.txt target/classpath.txt
touch target/.built target/.built-cuda
QSWEEP_BACKEND=cpu ./bin/qsweep train --env CartPole-v1 --steps 2000 --seed 1 --out "$WORK/run-cpu" > /dev/null || { echo "FAIL: the CPU default did not train with -Pcuda jars on the classpath" >&2; exit 1; }
echo "check_cuda_profile: trained on the CPU (default) with the CUDA backend on the classpath" >&2
if QSWEEP_BACKEND=cuda ./bin/qsweep train --env CartPole-v1 --steps 2000 --seed 1 --out "$WORK/run-cuda" \
    > /dev/null 2> "$WORK/cuda.err"; then
  echo "check_cuda_profile: QSWEEP_BACKEND=cuda trained: this machine has a working GPU backend" >&2
else
  grep -q "ND4J loaded the CPU one" "$WORK/cuda.err" \
    || { echo "FAIL: QSWEEP_BACKEND=cuda without a GPU failed without the expected explanation:" >&2; tail -5 "$WORK/cuda.err" >&2; exit 1; }
  echo "check_cuda_profile: QSWEEP_BACKEND=cuda without a GPU is refused with the explanation" >&2
fi
echo "check_cuda_profile: OK (compiled and packaged; untested on a GPU)"
