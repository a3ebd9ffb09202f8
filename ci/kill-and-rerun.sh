#!/usr/bin/env bash
# A conformance run on the lab target killed with SIGKILL midway leaves its lab node container behind (Ryuk, which
# would reap it, can't be pulled without a registry). Shows that the next run removes it first, says so, and passes.
# Usage: ci/kill-and-rerun.sh   (Docker and the lab image: ci/prepare-machine.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/prepare-machine.sh
set -euo pipefail
out=target/kill-and-rerun
mkdir -p "$out"
run=(mvn -B verify -Dpodwire.cluster=lab -P '!selftests')
label=app.kubernetes.io/managed-by=podwire
fail() { echo "kill-and-rerun: $*" >&2; exit 1; }

# podwire containers whose owner process no longer runs: what a killed run leaves
orphans() {
  docker ps -a --filter "label=$label" --format '{{.ID}} {{.Label "io.podwire.owner-pid"}}' |
    while read -r id pid; do kill -0 "$pid" 2>/dev/null || echo "$id"; done
}
[ -z "$(orphans)" ] || fail "podwire containers of dead runs exist before the test; remove them first: $(orphans | xargs)"

echo "== run 1: killed with SIGKILL once its lab node is up"
setsid "${run[@]}" >"$out/killed.log" 2>&1 &
leader=$!
# bounded: the lab node is up within seconds; 300 s covers a cold Maven start on a loaded machine
for _ in $(seq 600); do
  [ -n "$(docker ps -q --filter "label=$label" --filter status=running)" ] && break
  kill -0 "$leader" 2>/dev/null || fail "run 1 ended before its lab node came up; see $out/killed.log"
  sleep 0.5
done
kill -KILL -- "-$leader"  # the whole process group: Maven and the forked test JVM, no shutdown hook runs
wait "$leader" 2>/dev/null || true
# the killed JVM is a zombie until init reaps it, and kill -0 still finds a zombie: give it 10 s
for _ in $(seq 20); do left=$(orphans | xargs); [ -n "$left" ] && break; sleep 0.5; done
[ -n "$left" ] || fail "the killed run left no container behind: nothing to show"
echo "   left behind: $left"

echo "== run 2: must remove them first, say so, and pass"
"${run[@]}" >"$out/rerun.log" 2>&1 || fail "the run after the kill failed; see $out/rerun.log"
grep -m1 "left behind by a run that ended without cleaning up" "$out/rerun.log" ||
  fail "the run after the kill did not say it removed leftovers; see $out/rerun.log"
for id in $left; do
  docker inspect "$id" >/dev/null 2>&1 && fail "container $id of the killed run is still there"
done
[ -z "$(orphans)" ] || fail "containers of dead runs remain: $(orphans | xargs)"
echo "kill-and-rerun: the killed run's containers were removed by the next run, which passed"
