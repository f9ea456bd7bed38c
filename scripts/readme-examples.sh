#!/usr/bin/env bash
# Regenerates the README's example outputs (the blocks between <!-- example:NAME --> and <!-- /example -->) from real
# runs of the README's own commands: the main job's sweep summary, the train example's JSON summary and its seeds 1–5
# table. Blocks whose numbers did not change are left as they are (timings alone do not count). ReadmeExamplesTest,
# part of the unit tests, runs the same commands and fails when the README differs; this is its regenerate mode.
# Takes a few minutes on 2 idle cores. Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -B -q test -Dtest=ReadmeExamplesTest -Dsurefire.failIfNoSpecifiedTests=false -Dqsweep.readme.regenerate=true "$@"
git --no-pager diff --stat -- README.md || true
