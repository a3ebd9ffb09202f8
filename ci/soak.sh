#!/usr/bin/env bash
# Soak run: runs CI's entry point (.ci/run: machine preparation, the README's test command, the evidence run) N times
# in a row, each time on a FRESH clone, while a CPU hog keeps every core busy; records pass/fail, duration, every
# failing test per run, whether the run left the clone dirty (`git status --porcelain`), and checks after each run
# that nothing was left behind (ci/leak-check.sh: containers, networks, volumes, netns, processes, files).
#   ci/soak.sh [-n RUNS] [--no-stress] [--out DIR]
#     -n RUNS      runs in a row (default 10)
#     --no-stress  no CPU hog (default: Debian's stress-ng --cpu $(nproc), installed if missing)
#     --out DIR    where logs and results go (default target/soak-<UTC time> of this repository)
#   env PODWIRE_TEST_COMMAND      run this instead of .ci/run (to try the soak itself)
#   env PODWIRE_SOAK_RUN_TIMEOUT  seconds one run may take before its process group is killed (default 1800)
# It soaks the committed HEAD of the repository it lives in (uncommitted changes are not in it); the clones live under
# /tmp and are deleted when every run passed clean, kept for inspection otherwise.
# Writes <out>/results.tsv, <out>/summary.md (printed at the end), and per run its log, failing tests, leftovers, the
# files it left changed in its clone and the JUnit reports. Exits 0 only if every run passed and nothing was left behind.
set -euo pipefail

runs=10
stress=1
out=
run_timeout=${PODWIRE_SOAK_RUN_TIMEOUT:-1800}
soak_command_line=$(printf '%q ' "$0" "$@")
soak_command_line=${soak_command_line% }

usage() {
  echo "usage: $0 [-n RUNS] [--no-stress] [--out DIR]" >&2
  exit 2
}

die() {
  echo "soak: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case $1 in
    -n) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; runs=$2; shift 2 ;;
    --no-stress) stress=0; shift ;;
    --out) [[ $# -ge 2 ]] || usage; out=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ $run_timeout =~ ^[1-9][0-9]*$ ]] || die "PODWIRE_SOAK_RUN_TIMEOUT must be a number of seconds, not '$run_timeout'"

ci_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$ci_dir" rev-parse --show-toplevel)
out=${out:-$repo/target/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
echo "soak output: $out"

run_pid=
stress_pid=
# a run lives in its own process group (timeout's): stopping the soak must stop the run, too
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $run_pid ]]; then kill -TERM -- "-$run_pid" 2>/dev/null || true; fi
  if [[ -n $stress_pid ]]; then
    kill -TERM "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
    echo "stress-ng stopped"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

soak_dir=$(mktemp -d /tmp/podwire-soak.XXXXXX)
commit=$(git -C "$repo" log -1 --format='%H %s')
commit_id=${commit%% *}
echo "soaking $commit, a fresh clone per run under $soak_dir"
if [[ -n $(GIT_OPTIONAL_LOCKS=0 git -C "$repo" status --porcelain --untracked-files=no) ]]; then
  echo "note: $repo has uncommitted changes; they are not soaked"
fi

if [[ -n ${PODWIRE_TEST_COMMAND:-} ]]; then
  test_command=$PODWIRE_TEST_COMMAND
  test_command_source="PODWIRE_TEST_COMMAND"
else
  # CI's own entry point: it prepares the machine and calls the README's test command
  test_command=.ci/run
  test_command_source="CI's entry point"
fi
echo "test command ($test_command_source): $test_command"

if ((stress)); then
  if ! command -v stress-ng >/dev/null; then
    echo "installing Debian's stress-ng"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q stress-ng >/dev/null
  fi
  # --timeout 0: until stopped, whatever number of runs
  stress_command=(stress-ng --cpu "$(nproc)" --timeout 0)
  "${stress_command[@]}" >"$out/stress-ng.log" 2>&1 &
  stress_pid=$!
  sleep 1
  kill -0 "$stress_pid" 2>/dev/null || die "stress-ng did not start: see $out/stress-ng.log"
  echo "CPU hog running: ${stress_command[*]} (pid $stress_pid)"
  cpu_hog="\`${stress_command[*]}\` ran from before the first run to after the last (checked after every run)"
else
  cpu_hog="none (--no-stress)"
fi

# JUnit XML from Surefire and Failsafe: a testcase with a <failure> or <error> child, as Class#name (the name is the
# display name the reports carry). CDATA (system-out, stack traces) is dropped first so that its text is never read
# as markup; attribute values may hold '>' and entities.
failing_tests() {
  local reports=()
  shopt -s nullglob
  reports=(target/surefire-reports/*.xml target/failsafe-reports/*.xml)
  # .ci/run keeps the suite's own reports apart from the evidence run's deliberately failing conformance runs
  if [[ -d target/selftest-reports ]]; then
    reports=(target/selftest-reports/surefire-reports/*.xml target/selftest-reports/failsafe-reports/*.xml)
  fi
  shopt -u nullglob
  [[ ${#reports[@]} -gt 0 ]] || return 0
  perl -0777 -ne '
    s/<!\[CDATA\[.*?\]\]>//gs;
    while (/<testcase((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|\x27[^\x27]*\x27))*)\s*(\/?)>/g) {
      my ($attributes, $self_closed) = ($1, $2);
      next if $self_closed;
      my $start = pos;
      my $end = index($_, "</testcase>", $start);
      next unless substr($_, $start, $end < 0 ? length($_) - $start : $end - $start) =~ /<(failure|error)\b/;
      my %a;
      while ($attributes =~ /([\w:.-]+)\s*=\s*(?:"([^"]*)"|\x27([^\x27]*)\x27)/g) { $a{$1} = defined $2 ? $2 : $3 }
      for (values %a) {
        s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/\x27/g;
        s/&#x([0-9a-fA-F]+);/chr(hex $1)/ge; s/&#(\d+);/chr $1/ge; s/&amp;/&/g; s/\s+/ /g;
      }
      print "$a{classname}#$a{name}\n";
    }' "${reports[@]}" | sort -u
}

printf 'run\texit\tresult\tseconds\tfailing_tests\tleaks\tdirty\n' >"$out/results.tsv"
export CI=true
export PODWIRE_LEAK_CHECK_OWNER=$$
for ((i = 1; i <= runs; i++)); do
  echo "== run $i/$runs"
  clone=$soak_dir/run-$i
  git clone --quiet "$repo" "$clone"
  cd "$clone"
  # every run soaks the commit named at the start, whatever lands in the repository meanwhile
  git checkout --quiet -B soaked "$commit_id"
  "$ci_dir/leak-check.sh" snapshot "$out/run-$i-before.inv" "$clone"
  start=$(date +%s.%N)
  # in the background and waited for, so that the INT/TERM traps fire while a run is going on
  timeout --kill-after=30 "$run_timeout" bash -c "$test_command" >"$out/run-$i.log" 2>&1 </dev/null &
  run_pid=$!
  rc=0
  wait "$run_pid" || rc=$?
  run_pid=
  end=$(date +%s.%N)
  seconds=$(awk -v start="$start" -v end="$end" 'BEGIN { printf "%.1f", end - start }')

  failing_tests >"$out/run-$i-failures.txt"
  failures=$(wc -l <"$out/run-$i-failures.txt")
  # the next run's reports must not be confused with these
  for reports in target/surefire-reports target/failsafe-reports; do
    if [[ -d $reports ]]; then
      mkdir -p "$out/run-$i-reports"
      mv "$reports" "$out/run-$i-reports/"
    fi
  done

  # a run of our own scripts must leave the checkout as it found it: an auditor reads `-dirty` as a modified suite
  git status --porcelain >"$out/run-$i-dirty.txt"
  dirty=$(wc -l <"$out/run-$i-dirty.txt")

  # timeout exits 124 when it stopped the run with TERM, 137 when the group needed KILL
  if [[ $rc -eq 124 ]] || { [[ $rc -eq 137 ]] && awk -v s="$seconds" -v t="$run_timeout" 'BEGIN { exit !(s >= t) }'; }; then
    result="FAIL(timeout)"
  elif [[ $rc -ne 0 || $failures -gt 0 ]]; then
    result=FAIL
  elif [[ $dirty -gt 0 ]]; then
    result="FAIL(dirty)"
  else
    result=PASS
  fi

  "$ci_dir/leak-check.sh" snapshot "$out/run-$i-after.inv" "$clone"
  "$ci_dir/leak-check.sh" diff "$out/run-$i-before.inv" "$out/run-$i-after.inv" >"$out/run-$i-leaks.txt" || true
  leaks=$(wc -l <"$out/run-$i-leaks.txt")

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$rc" "$result" "$seconds" \
    "$(paste -sd, "$out/run-$i-failures.txt")" "$leaks" "$dirty" >>"$out/results.tsv"
  echo "run $i: $result (exit $rc) in $seconds s, $failures failing tests, $leaks leftovers, $dirty changed files" \
    "(log: $out/run-$i.log)"
  sed 's/^/  failing: /' "$out/run-$i-failures.txt"
  sed 's/^/  left behind: /' "$out/run-$i-leaks.txt"
  sed 's/^/  left changed: /' "$out/run-$i-dirty.txt"
  cd "$repo"
  if [[ -n $stress_pid ]] && ! kill -0 "$stress_pid" 2>/dev/null; then
    die "stress-ng stopped during run $i: the cores were not kept busy (see $out/stress-ng.log)"
  fi
done

passed=$(awk -F'\t' 'NR > 1 && $3 == "PASS"' "$out/results.tsv" | wc -l)
total_leaks=$(awk -F'\t' 'NR > 1 { n += $6 } END { print n + 0 }' "$out/results.tsv")
durations=$(awk -F'\t' 'NR > 1 { print $4 }' "$out/results.tsv" | sort -n |
  awk '{ d[NR] = $1 } END {
    median = NR % 2 ? d[(NR + 1) / 2] : (d[NR / 2] + d[NR / 2 + 1]) / 2
    printf "min %s s, median %.1f s, max %s s", d[1], median, d[NR] }')
{
  echo "# podwire soak"
  echo
  echo "- soak: \`$soak_command_line\`"
  echo "- test command ($test_command_source): \`$test_command\`, with CI=true, in a fresh clone per run, at most $run_timeout s per run"
  echo "- commit: $commit"
  echo "- machine: $(nproc) CPUs (nproc), kernel $(uname -r), memory (free -g):"
  echo
  free -g | sed 's/^/      /'
  echo
  echo "- CPU hog: $cpu_hog"
  echo
  echo "| run | result | exit | seconds | failing tests | leftovers | files left changed |"
  echo "|---:|---|---:|---:|---|---:|---:|"
  awk -F'\t' 'NR > 1 { gsub(/\|/, "\\|", $5); gsub(/,/, ", ", $5); printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $3, $2, $4, $5, $6, $7 }' \
    "$out/results.tsv"
  echo
  echo "**passed $passed/$runs**, leftovers $total_leaks, duration $durations"
  if [[ $total_leaks -gt 0 ]]; then
    echo
    echo "## Left behind"
    echo
    for ((i = 1; i <= runs; i++)); do
      sed "s/^/- run $i: /" "$out/run-$i-leaks.txt"
    done
  fi
  echo
  echo "Logs, failing tests, JUnit reports and inventories per run: $out"
} >"$out/summary.md"
echo
cat "$out/summary.md"

if [[ $passed -eq $runs && $total_leaks -eq 0 ]]; then
  # nothing to look into: the clone and its build go
  rm -rf "$soak_dir"
  exit 0
fi
echo
echo "the clones are kept for inspection: $soak_dir"
exit 1
