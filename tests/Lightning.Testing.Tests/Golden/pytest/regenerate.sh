#!/usr/bin/env bash
# Regenerates the pytest golden reports from fixture/ with the real pytest on this machine
# (Debian python3-pytest; the committed files came from the versions in versions.txt).
# Failing, erroring and skipped tests are the point of the fixture, so pytest's exit code is ignored.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/pytest
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
# xunit1 (file and line per case, per-case properties), every captured stream with pytest's section headers.
pytest -p no:cacheprovider -o junit_family=xunit1 -o junit_logging=all --junit-xml=pytest-xunit1.xml -q || true
# xunit2 (the schema Jenkins validates: no file/line), stdout and stderr only.
pytest -p no:cacheprovider -o junit_family=xunit2 -o junit_logging=out-err --junit-xml=pytest-xunit2.xml -q || true
cp pytest-xunit1.xml pytest-xunit2.xml "$here/"
{ pytest --version 2>&1; "$(head -1 "$(command -v pytest)" | sed "s/^#!//")" --version; } > "$here/versions.txt"
