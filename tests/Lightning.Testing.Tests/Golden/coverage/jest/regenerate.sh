#!/usr/bin/env bash
# Regenerates the Jest (istanbul) golden coverage reports from fixture/ with jest from the npm registry (installed into
# the work directory; versions in versions.txt). One run writes every format the platform reads:
#   lcov.info            --coverageReporters=lcov (istanbul's lcovonly)
#   cobertura-coverage.xml, clover.xml
#   coverage-summary.json  istanbul's own totals (json-summary), which the tests compare with
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/coverage/jest
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
npm install --no-audit --no-fund --silent jest@29
npx jest --ci --coverage --coverageReporters=lcovonly --coverageReporters=cobertura --coverageReporters=clover \
  --coverageReporters=json-summary --coverageReporters=text
cp coverage/lcov.info coverage/cobertura-coverage.xml coverage/clover.xml coverage/coverage-summary.json "$here/"
{ echo "node $(node --version)"; echo "jest $(npx jest --version)"; } > "$here/versions.txt"
