#!/usr/bin/env bash
# Renders a generated Allure report in headless Chromium and checks what an auditor must see: the claims, a violated
# claim's evidence (command, expected, observed, deciding raw lines; listed under "claim violated"), the environment,
# and the sign-off page next to the report (one FAIL cell per FAIL verdict, linked to its evidence). The check is
# ReportInBrowserCheck (src/test, Selenium driving Debian's chromium + chromium-driver; ci/prepare-machine.sh installs
# them): it downloads nothing, and the report is served on 127.0.0.1 only.
#   ci/browser-check.sh [REPORT_DIR] [--screenshots DIR] [--require-violation]
#   REPORT_DIR          reports/allure-report (ci/report.sh writes it)
#   --screenshots DIR   where overview.png, failing-claim.png, signoff.png go: target/screenshots, so that a run never
#                       changes the checkout; `--screenshots reports/screenshots` refreshes the tracked ones on purpose
#   --require-violation fail when no claim is violated (ci/evidence-run.sh injects one); without it a run where every
#                       claim held passes, its violated-claim check reported as skipped
set -euo pipefail
cd "$(dirname "$0")/.."

report=reports/allure-report
shots=target/screenshots
violation=optional
while [[ $# -gt 0 ]]; do
  case "$1" in
    --screenshots) shots=$2; shift 2 ;;
    --require-violation) violation=required; shift ;;
    -*) echo "usage: $0 [REPORT_DIR] [--screenshots DIR] [--require-violation]" >&2; exit 2 ;;
    *) report=$1; shift ;;
  esac
done

mvn -B -q test -Dtest=ReportInBrowserCheck -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpodwire.report="$(realpath -m "$report")" -Dpodwire.screenshots="$(realpath -m "$shots")" \
  -Dpodwire.browser.violation="$violation"
echo "browser check passed for $report; screenshots in $shots"
