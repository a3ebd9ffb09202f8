#!/usr/bin/env bash
# One run, one record: a "completed" reports/verdicts.json placed before a run that fails in Maven itself
# (a typo in -Dit.test) must not say completed afterwards. No cluster and no Docker needed: Maven fails first.
#   ci/stale-record-check.sh [extra mvn args]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
log=$(mktemp)
printf '%s\n' '{"schema":"podwire.verdicts/v1","runId":"planted","status":"completed","verdicts":[]}' > reports/verdicts.json
if mvn -q verify -Dit.test=NoSuchConformanceTI "$@" > "$log" 2>&1; then
  echo "stale-record-check: the run with a mistyped -Dit.test succeeded; expected a Maven failure (log: $log)" >&2
  exit 1
fi
status=$(sed -n 's/^ *"status" *: *"\([^"]*\)".*/\1/p' reports/verdicts.json | head -1)
runid=$(sed -n 's/^ *"runId" *: *"\([^"]*\)".*/\1/p' reports/verdicts.json | head -1)
rm -f "$log"
if [[ "$status" == completed || "$runid" == planted ]]; then
  echo "stale-record-check: FAIL: after a failed run reports/verdicts.json says status=$status runId=$runid" >&2
  exit 1
fi
echo "stale-record-check: ok: after a failed run the record says status=$status (run $runid)"
