#!/usr/bin/env bash
# Regenerates the jest-junit golden report from fixture/ with jest and jest-junit from the npm registry
# (installed into the work directory; the committed file came from the versions in versions.txt).
# jest-junit runs twice: once with its defaults, once with console output, file attributes and suite errors enabled.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/jest
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
npm install --no-audit --no-fund --silent jest@29 jest-junit@16
# Defaults: classname "{classname} {title}", suite name from the describe block, no output.
JEST_JUNIT_OUTPUT_NAME=jest-junit.xml npx jest --ci --reporters=default --reporters=jest-junit || true
# The options most projects turn on: console output, file attribute, suite errors as test cases.
JEST_JUNIT_OUTPUT_NAME=jest-junit-options.xml JEST_JUNIT_INCLUDE_CONSOLE_OUTPUT=true JEST_JUNIT_ADD_FILE_ATTRIBUTE=true \
  JEST_JUNIT_REPORT_TEST_SUITE_ERRORS=true JEST_JUNIT_CLASSNAME="{classname}" JEST_JUNIT_TITLE="{title}" \
  npx jest --ci --reporters=default --reporters=jest-junit || true
cp jest-junit.xml jest-junit-options.xml "$here/"
{ echo "node $(node --version)"; echo "jest $(npx jest --version)"; echo "jest-junit $(node -p 'require("jest-junit/package.json").version')"; } > "$here/versions.txt"
