#!/usr/bin/env bash
# Generates the Allure HTML report of the last conformance run offline (allure-maven plugin, Allure 2 CLI from Maven
# Central), then links its sign-off page into it and rebuilds the run's bundle with the report inside:
#   ci/report.sh          reports/allure-results -> reports/allure-report, reports/signoff.html|md, reports/run-bundle.zip
# History (trend graphs) is kept per target in reports/allure-history/TARGET/ (the record's target.cluster): a lab
# run's trend never mixes with a k3s run's. It survives `mvn clean` as long as reports/ is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

results=reports/allure-results
report=reports/allure-report
target=unknown
if [[ -f reports/verdicts.json ]]; then
  target=$(jq -r '.target.cluster // "unknown"' reports/verdicts.json)
fi
history=reports/allure-history/$target
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

# Offline first: ~/.m2 holds the CLI zip after any `mvn verify`; the plugin's first run also fetches its page skin
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
# the sign-off page's cells link to the report's tests, and the bundle now holds the report: both after generation
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/podwire.classpath
java -cp "target/classes:$(cat target/podwire.classpath)" io.podwire.report.SignOff reports
java -cp target/classes io.podwire.report.RunBundle reports
echo "Allure report: $report/index.html (serve it: cd $(dirname "$report") && python3 -m http.server -b 127.0.0.1 8080)"
