#!/usr/bin/env bash
# Renders a generated Allure report in headless Chromium and asserts that the claims, a violated claim's evidence
# (command, expected, observed, deciding raw lines; listed under "claim violated") and the environment appear.
# Also checks the sign-off page next to the report (one FAIL cell per violated verdict, linked to its evidence).
# Saves overview.png, failing-claim.png and signoff.png. Installs nothing: Chromium comes from the CI prepare step
# (Debian: apt-get install -y chromium); the report is served on 127.0.0.1 only.
#   ci/browser-check.sh                      reports/allure-report        -> reports/screenshots
#   ci/browser-check.sh REPORT_DIR [SHOTS]
#   --allow-no-violation (last argument): a run where every claim held passes too (no failing-claim.png)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=""
if [[ "${*: -1}" == "--allow-no-violation" ]]; then
  mode=--allow-no-violation
  set -- "${@:1:$#-1}"
fi

report=reports/allure-report
shots=reports/screenshots
if [[ $# -gt 0 ]]; then
  report=$1
  shift
fi
shots=${1:-$shots}

# single-file source launch: only the JDK the suite already needs
exec java ci/BrowserCheck.java "$report" "$shots" $mode
