#!/usr/bin/env bash
# Produces a report that shows each outcome an auditor must tell apart, from real runs on this machine:
#  1. the conformance tests on a lab node with one fault injected: exactly the fault's claim is violated;
#  2. where no registry is reachable, the default k3s run: it fails as infrastructure, naming the image;
# then generates the Allure report (ci/report.sh) and checks it in headless Chromium (ci/browser-check.sh).
# Run it after the suite's own tests (mvn verify -Dpodwire.cluster=lab), whose results join the same report.
set -euo pipefail
cd "$(dirname "$0")/.."
FAULT=${PODWIRE_DEMO_FAULT:-PROXY_ARP_OFF}
skip_self_tests=(-P '!selftests')

echo "== conformance on a lab node with fault $FAULT: its claim must be violated"
if mvn -B -q verify -Dpodwire.cluster=lab -Dpodwire.lab.fault="$FAULT" "${skip_self_tests[@]}" >target/evidence-lab.log 2>&1; then
  echo "the lab conformance run passed although $FAULT was injected" >&2
  exit 1
fi
fails=$(grep -c '"verdict" : "FAIL"' reports/verdicts.json || true)
inconclusive=$(grep -c '"verdict" : "INCONCLUSIVE"' reports/verdicts.json || true)
if [[ "$fails" != 1 || "$inconclusive" != 0 ]]; then
  echo "expected exactly one violated verdict and none inconclusive, got $fails FAIL, $inconclusive INCONCLUSIVE" >&2
  tail -40 target/evidence-lab.log >&2
  exit 1
fi
cp reports/verdicts.json reports/verdicts-lab-fault.json
echo "   one verdict FAIL as expected; verdicts kept in reports/verdicts-lab-fault.json"

if [[ "${PODWIRE_REGISTRY:-}" == unreachable ]]; then
  echo "== conformance on k3s without a registry: it must fail as infrastructure, naming the image"
  start=$SECONDS
  if timeout 300 mvn -B -q verify "${skip_self_tests[@]}" >target/evidence-k3s.log 2>&1; then
    echo "the k3s conformance run passed without a registry" >&2
    exit 1
  fi
  grep -q "InfrastructureException: cannot pull image rancher/k3s" target/failsafe-reports/*.txt || {
    echo "the k3s run did not fail with an infrastructure error naming rancher/k3s" >&2
    tail -40 target/evidence-k3s.log >&2
    exit 1
  }
  echo "   failed as infrastructure in $((SECONDS - start)) s, as expected"
fi

ci/report.sh
ci/browser-check.sh
