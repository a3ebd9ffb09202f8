#!/usr/bin/env bash
# Docker goes away mid-run: dockerd is stopped while a conformance run on the lab target is under way. Shows that the
# run ends as infrastructure with the cause (no claim verdict FAILs, the run record is not `completed`), and that
# the next run after dockerd is back passes with a `completed` record.
# Usage: ci/dockerd-stop.sh   (Docker and the lab image: ci/prepare-machine.sh; stops and restarts this machine's dockerd)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/prepare-machine.sh
set -euo pipefail
out=target/dockerd-stop
mkdir -p "$out"
run=(mvn -B verify -Dpodwire.cluster=lab -P '!selftests')
label=app.kubernetes.io/managed-by=podwire
fail() { echo "dockerd-stop: $*" >&2; exit 1; }
status() { jq -r .status reports/verdicts.json; }

echo "== run 1: dockerd stopped once the lab node is up"
"${run[@]}" >"$out/stopped.log" 2>&1 &
mvn_pid=$!
# bounded: the lab node is up within seconds; 300 s covers a cold Maven start on a loaded machine
for _ in $(seq 600); do
  [ -n "$(docker ps -q --filter "label=$label" --filter status=running 2>/dev/null)" ] && break
  kill -0 "$mvn_pid" 2>/dev/null || fail "run 1 ended before its lab node came up; see $out/stopped.log"
  sleep 0.2
done
pkill -TERM -x dockerd
for _ in $(seq 120); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
pgrep -x dockerd >/dev/null && fail "dockerd did not stop within 60 s"
echo "   dockerd stopped"
# bounded by the run's own exec and wait bounds (docs/reliability.md); 600 s is far above them
rc=0
timeout 600 tail --pid="$mvn_pid" -f /dev/null || fail "run 1 did not end within 600 s of dockerd stopping"
wait "$mvn_pid" || rc=$?
[ "$rc" -ne 0 ] || fail "run 1 passed although dockerd stopped under it"
echo "   run 1 failed (exit $rc), record status: $(status)"
[ "$(status)" != completed ] || fail "run 1's record says completed"
jq -e '.infrastructureFailures | length > 0' reports/verdicts.json >/dev/null ||
  fail "run 1's record names no infrastructure failure"
jq -r '.infrastructureFailures[]' reports/verdicts.json | sed 's/^/   cause: /' | cut -c1-200
! grep -l "<failure" target/failsafe-reports/TEST-*.xml ||
  fail "a claim was reported violated although the cause was infrastructure (files above)"
grep -q "InfrastructureException" target/failsafe-reports/*.txt ||
  fail "the failed tests do not name an InfrastructureException"
if jq -e '.status == "completed"' reports/verdicts.json >/dev/null; then fail "the CI gate passed"; fi
echo "   the documented CI gate (jq -e '.status == \"completed\"') fails, as it must"

echo "== run 2: dockerd back, the run passes"
. ci/prepare-machine.sh
set -euo pipefail
"${run[@]}" >"$out/after.log" 2>&1 || fail "the run after dockerd came back failed; see $out/after.log"
[ "$(status)" = completed ] || fail "the run after dockerd came back recorded $(status)"
echo "dockerd-stop: run 1 ended as infrastructure with its cause; run 2 passed with a completed record"
