#!/usr/bin/env bash
# Regenerates the PHPUnit golden coverage reports from fixture/ with PHPUnit and pcov from Debian (phpunit, php-pcov;
# versions in versions.txt). pcov is enabled and pointed at the project explicitly, as CoverageCollectors does.
#   clover.xml      --coverage-clover
#   cobertura.xml   --coverage-cobertura (PHPUnit 9.4 and later)
#   coverage.txt    --coverage-text: PHPUnit's own summary (lines, methods), which the tests compare with
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/coverage/phpunit
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
php -d pcov.enabled=1 -d pcov.directory="$work" "$(command -v phpunit)" \
  --coverage-clover clover.xml --coverage-cobertura cobertura.xml --coverage-text=coverage.txt
cp clover.xml cobertura.xml coverage.txt "$here/"
{ php --version | head -1; phpunit --version | head -1; php -r 'echo "pcov ", phpversion("pcov"), "\n";'; } > "$here/versions.txt"
