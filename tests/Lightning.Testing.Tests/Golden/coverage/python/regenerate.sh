#!/usr/bin/env bash
# Regenerates the coverage.py golden reports from fixture/ with the real coverage.py and pytest on this machine
# (Debian python3-coverage and python3-pytest; versions in versions.txt). Branch coverage and per-test contexts
# (dynamic_context = test_function) are on in fixture/.coveragerc.
#   coverage.json        `coverage json --show-contexts` (format 2, contexts per line)
#   coverage.xml         `coverage xml` (Cobertura)
#   coverage.lcov        `coverage lcov`
#   coverage-report.txt  `coverage report -m`: the tool's own summary that the tests compare with
#   part-arith.json, part-text.json, combined.json: two partial runs (one per test file) and `coverage combine`
#                        of both, to compare our merge with the tool's
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/coverage/python
py=/usr/bin/python3
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
$py -m coverage run -m pytest -q -p no:cacheprovider tests
$py -m coverage json --show-contexts -o coverage.json
$py -m coverage xml -o coverage.xml
$py -m coverage lcov -o coverage.lcov
$py -m coverage report -m > coverage-report.txt
# Two partial runs, one per test file, then coverage.py's own combination of both.
COVERAGE_FILE=.coverage.arith $py -m coverage run -m pytest -q -p no:cacheprovider tests/test_arith.py
COVERAGE_FILE=.coverage.arith $py -m coverage json -o part-arith.json
COVERAGE_FILE=.coverage.text $py -m coverage run -m pytest -q -p no:cacheprovider tests/test_text.py
COVERAGE_FILE=.coverage.text $py -m coverage json -o part-text.json
COVERAGE_FILE=.coverage.combined $py -m coverage combine --keep .coverage.arith .coverage.text
COVERAGE_FILE=.coverage.combined $py -m coverage json -o combined.json
cp coverage.json coverage.xml coverage.lcov coverage-report.txt part-arith.json part-text.json combined.json "$here/"
{ $py -m coverage --version | head -1; $py -m pytest --version 2>&1; $py --version; } > "$here/versions.txt"
