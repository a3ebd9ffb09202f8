#!/usr/bin/env bash
# Generates the Allure HTML report offline with the allure-maven plugin and the Allure 2 CLI from Maven Central.
#   ci/report.sh          reports/allure-results      -> reports/allure-report
#   (ci/evidence-run.sh fills the results with a violated claim and an infrastructure failure from real runs)
# History (trend graphs) survives `mvn clean` as long as reports/allure-history/ is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

results=reports/allure-results
report=reports/allure-report
history=reports/allure-history
if [[ $# -gt 0 ]]; then
  echo "usage: ci/report.sh" >&2
  exit 2
fi

if ! compgen -G "$results/*-result.json" >/dev/null; then
  echo "ci/report.sh: no test results in $results: run the tests first (mvn -B test, or mvn -B verify)" >&2
  exit 2
fi

# Allure 2 reads the trend from <results>/history; the report's copy is deleted by mvn clean, ours is not
if [[ -d "$history" ]]; then
  mkdir -p "$results/history"
  cp -f "$history"/*.json "$results/history/" 2>/dev/null || true
fi

export ALLURE_NO_ANALYTICS=true  # the report must not call out to Google Analytics when opened

# Offline first: ~/.m2 holds the CLI zip after `mvn test`; the plugin's first run also fetches its page skin
# (maven-fluido-skin) from Maven Central, so a fresh machine falls back to one online attempt.
generate() {
  mvn -B -q "$@" dependency:unpack@allure-cli allure:report \
    -Dallure.results.directory="$PWD/$results" -Dallure.report.directory="$PWD/$report"
}
if ! generate -o >/tmp/podwire-report-offline.log 2>&1; then
  echo "ci/report.sh: offline generation needs artifacts not yet in ~/.m2; fetching them from Maven Central once" >&2
  generate || { echo "ci/report.sh: report generation failed (see above)" >&2; exit 1; }
fi

if [[ -d "$report/history" ]]; then
  mkdir -p "$history"
  cp -f "$report"/history/*.json "$history/"
fi
echo "Allure report: $report/index.html (serve it: cd $(dirname "$report") && python3 -m http.server -b 127.0.0.1 8080)"
