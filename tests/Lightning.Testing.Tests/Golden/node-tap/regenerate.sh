#!/usr/bin/env bash
# Regenerates the TAP golden stream from fixture/ with Node's built-in test runner and its TAP reporter
# (node from Debian/NodeSource; version in versions.txt). Node 20 emits "TAP version 13" with TAP 14 style
# subtests: each file, describe block and test with subtests is an indented subtest stream.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/node-tap
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
node --test --test-reporter=tap calc.test.js other.test.js > node-tap.tap || true
cp node-tap.tap "$here/"
echo "node $(node --version)" > "$here/versions.txt"
