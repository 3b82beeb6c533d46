#!/usr/bin/env bash
# Regenerates the PHPUnit golden report from fixture/ with the real PHPUnit on this machine
# (Debian phpunit; versions in versions.txt). --log-junit nests suites: the configured suite, one per class,
# and one per data-provider method.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/phpunit
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
phpunit --log-junit phpunit-junit.xml || true
cp phpunit-junit.xml "$here/"
{ phpunit --version | head -1; php --version | head -1; } > "$here/versions.txt"
