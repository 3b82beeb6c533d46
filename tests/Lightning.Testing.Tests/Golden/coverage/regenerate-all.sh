#!/usr/bin/env bash
# Regenerates every golden coverage report with the real tools (each folder's regenerate.sh names its tool, versions
# and commands; coverlet restores coverlet.collector from nuget.org unless it is in the NuGet cache). Then rewrite the
# reviewed snapshots with
#   LIGHTNING_GOLDEN_UPDATE=1 dotnet test --project tests/Lightning.Testing.Tests -c Release -- --filter-class "*CoverageGoldenTests*"
# review the diff, and run CoverageToolSummaryTests, which compare each report with its tool's own summary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in python jest go jacoco simplecov phpunit coverlet; do
    echo "== $tool"
    "$here/$tool/regenerate.sh"
done
