#!/usr/bin/env bash
# Scale benchmark (issue 6): lab nodes with N pods, podwire's one-exec snapshot vs the lab's manual per-command
# method on the same node. Writes reports/benchmark.md and reports/benchmark.json. Needs Docker and the lab image
# (ci/prepare-machine.sh). Usage: ci/benchmark.sh [--sizes=10,100,250,500] [--runs=5] [--manual-runs=10:3,100:3,250:1,500:1]
set -euo pipefail
cd "$(dirname "$0")/.."
# Docker, the lab image and the Testcontainers settings, exactly as CI gets them
. ci/prepare-machine.sh
set -euo pipefail
mvn -q -B compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath
# the heap cap is part of the target: 500 pods must fit in 256 MiB
exec java -Xmx256m -cp "target/classes:$(cat target/bench.classpath)" io.podwire.bench.Benchmark "$@"
