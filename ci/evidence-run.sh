#!/usr/bin/env bash
# The outcomes an auditor must tell apart, from real runs on this machine, each checked where it lands:
#  1. the conformance tests on a lab node with one fault injected: the record says completed-with-violations with
#     exactly one FAIL (caused by the lab fault), the report holds that run's conformance tests only, the sign-off
#     page shows one FAIL cell linked to its evidence, the run bundle verifies (browser check, ci/browser-check.sh);
#  2. where no registry is reachable, the default k3s run: it fails as infrastructure, the record says
#     infrastructure-failed with zero verdicts, and the documented gate command exits non-zero.
# Run it after the suite's own tests (mvn verify -Dpodwire.cluster=lab): their results are not in this report.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target  # the logs below land there, also on a fresh clone
# a fault whose claim is the only one it breaks (PROXY_ARP_OFF also breaks C11: pinger no longer reaches the pod)
FAULT=${PODWIRE_DEMO_FAULT:-EXTRA_LINK_IN_POD_NETNS}
skip_self_tests=(-P '!selftests')
gate() { jq -e '.status == "completed"' reports/verdicts.json >/dev/null; }

echo "== conformance on a lab node with fault $FAULT: its claim must be violated"
if mvn -B -q verify -Dpodwire.cluster=lab -Dpodwire.lab.fault="$FAULT" "${skip_self_tests[@]}" >target/evidence-lab.log 2>&1; then
  echo "the lab conformance run passed although $FAULT was injected" >&2
  exit 1
fi
jq -e --arg f "$FAULT" '.status == "completed-with-violations" and .summary.FAIL == 1 and .summary.INCONCLUSIVE == 0
    and ([.verdicts[] | select(.verdict == "FAIL")][0].labFault == $f) and .target.labFault.fault == $f' \
  reports/verdicts.json >/dev/null || {
  echo "expected completed-with-violations with exactly one FAIL caused by $FAULT:" >&2
  jq '{status, summary, notChecked, infrastructureFailures}' reports/verdicts.json >&2
  tail -40 target/evidence-lab.log >&2
  exit 1
}
if gate; then echo "the gate passed a run with a violation" >&2; exit 1; fi
others=$(grep -LE '"fullName" ?: ?"io\.podwire\.conformance\.' reports/allure-results/*-result.json || true)
if [[ -n "$others" ]]; then
  echo "the conformance report holds results of other tests: $others" >&2
  exit 1
fi
echo "   one verdict FAIL ($FAULT), gate exits non-zero; the report holds only the conformance tests"

# the lab target runs a process in test/app whose command line holds a password URL and a token (LabTarget.DECOY_*)
secrets=(-e Lab-Decoy-Pw-4711 -e ghp_LabDecoyToken0123456789abcdefABCDEF01)
# it ran while the node was read (its pid is in the snapshot's process table), yet its argv was never collected
decoy=$(sed -n 's/.*lab decoy: .* as pid \([0-9][0-9]*\).*/\1/p' target/evidence-lab.log | head -1)
grep -aq "==> /proc/$decoy/stat <==" reports/snapshots/*.txt || {
  echo "the decoy process (pid ${decoy:-?}) is not in the snapshot: the secrets check below would prove nothing" >&2
  exit 1
}
if grep -aq "==> /proc/$decoy/cmdline <==" reports/snapshots/*.txt; then
  echo "the decoy's command line was collected: only the sandboxes' processes' argv may be read" >&2
  exit 1
fi

ci/report.sh
ci/browser-check.sh --require-violation
java -cp target/classes io.podwire.report.RunBundle --verify reports/run-bundle.zip
# and every lab pod's runtime records carry decoys in env, args, annotations, last-applied-configuration
# (LabRuntimeRecords.DECOYS): after the self-tests and this run, none may be anywhere but in our own compiled code
secrets+=(-e PODWIRE-DECOY-)
if grep -rlF --exclude-dir=classes --exclude-dir=test-classes --exclude='*.jar' "${secrets[@]}" reports/ target/; then
  echo "a decoy secret reached the files above (reports/ or target/)" >&2
  exit 1
fi
if unzip -p reports/run-bundle.zip | grep -aqF "${secrets[@]}"; then
  echo "a decoy secret reached the bundle" >&2
  exit 1
fi
echo "   no decoy secret in reports/ (record, sign-off, snapshots, Allure results and report), target/ (every JUnit"
echo "   report, Allure result and log of the self-tests) or the bundle"
cp reports/verdicts.json reports/verdicts-lab-fault.json
cp reports/run-bundle.zip reports/run-bundle-lab-fault.zip

echo "== the bundle as docs/evidence.md verifies it: untouched it verifies, one changed byte of a raw snapshot fails"
check=target/bundle-check
rm -rf "$check" && mkdir -p "$check" && unzip -q reports/run-bundle.zip -d "$check"
(cd "$check" && sha256sum --strict -c --quiet SHA256SUMS)
snapshot=$(ls "$check"/snapshots/*.txt | head -1)
printf 'X' | dd of="$snapshot" bs=1 seek=0 count=1 conv=notrunc status=none
if (cd "$check" && sha256sum --strict -c --quiet SHA256SUMS 2>/dev/null); then
  echo "one changed byte of $snapshot went unnoticed" >&2
  exit 1
fi
echo "   verified; after one byte of ${snapshot#"$check"/} changed, sha256sum -c fails"

if [[ "${PODWIRE_REGISTRY:-}" == unreachable ]]; then
  echo "== conformance on k3s without a registry: it must fail as infrastructure, and the gate with it"
  start=$SECONDS
  if timeout 300 mvn -B -q verify "${skip_self_tests[@]}" >target/evidence-k3s.log 2>&1; then
    echo "the k3s conformance run passed without a registry" >&2
    exit 1
  fi
  jq -e '.status == "infrastructure-failed" and .summary.total == 0 and .target.cluster == "k3s"' reports/verdicts.json >/dev/null || {
    echo "the k3s run's record is not infrastructure-failed with zero verdicts:" >&2
    jq '{status, summary, target, infrastructureFailures}' reports/verdicts.json >&2
    exit 1
  }
  if gate; then echo "the gate passed a run that never reached a cluster" >&2; exit 1; fi
  echo "   failed as infrastructure in $((SECONDS - start)) s; record infrastructure-failed, gate exits non-zero"
  echo "   (the lab fault run's report, sign-off and screenshots stay; its record is kept in reports/verdicts-lab-fault.json)"
fi
