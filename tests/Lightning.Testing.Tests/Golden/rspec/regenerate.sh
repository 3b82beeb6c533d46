#!/usr/bin/env bash
# Regenerates the RSpec golden report from fixture/ with the real RSpec and rspec_junit_formatter on this
# machine (Debian ruby-rspec and ruby-rspec-junit-formatter; versions in versions.txt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/rspec
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
rspec --seed 1234 --format progress --require rspec_junit_formatter --format RspecJunitFormatter --out rspec-junit.xml || true
cp rspec-junit.xml "$here/"
{ rspec --version | head -1; ruby --version; dpkg-query -W -f='ruby-rspec-junit-formatter ${Version}\n' ruby-rspec-junit-formatter; } > "$here/versions.txt"
