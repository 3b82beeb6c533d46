#!/usr/bin/env bash
# Regenerates the coverlet golden reports from fixture/ with the .NET SDK and coverlet.collector (VSTest's
# "XPlat Code Coverage" data collector, restored from nuget.org; versions in the fixture project and versions.txt).
# One run writes Cobertura and LCOV (DataCollectionRunSettings...Format=cobertura,lcov). The Cobertura root's
# lines-covered/lines-valid and branches-covered/branches-valid are coverlet's own totals, which the tests compare with.
# The fixture's files carry a .fixture suffix so that the repository's build never compiles them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/coverage/coverlet
rm -rf "$work" && mkdir -p "$work/Arith" "$work/Arith.Tests"
cp "$here/fixture/Arith.csproj.fixture" "$work/Arith/Arith.csproj"
cp "$here/fixture/Calc.cs.fixture" "$work/Arith/Calc.cs"
cp "$here/fixture/Arith.Tests.csproj.fixture" "$work/Arith.Tests/Arith.Tests.csproj"
cp "$here/fixture/CalcTests.cs.fixture" "$work/Arith.Tests/CalcTests.cs"
cd "$work/Arith.Tests"
dotnet test --collect "XPlat Code Coverage" --results-directory results \
  -- DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura,lcov
report_dir="$(dirname "$(find results -name coverage.cobertura.xml | head -1)")"
cp "$report_dir/coverage.cobertura.xml" "$here/coverlet.cobertura.xml"
cp "$report_dir/coverage.info" "$here/coverlet.info"
{ echo "dotnet $(dotnet --version)"; grep -o 'coverlet.collector" Version="[^"]*"' Arith.Tests.csproj; } > "$here/versions.txt"
