#!/usr/bin/env bash
# Regenerates the TRX golden reports from fixture/ with the .NET SDK on a tiny xUnit v3 project, twice:
#   dotnet-vstest.trx  VSTest: `dotnet test --logger trx` (Microsoft.NET.Test.Sdk + xunit.runner.visualstudio)
#   dotnet-mtp.trx     Microsoft.Testing.Platform: `dotnet test --report-trx` (Microsoft.Testing.Extensions.TrxReport)
# Package versions are in the fixture project files, the SDK version in versions.txt. The fixture's files carry a
# .fixture suffix so that the repository's build never compiles them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=/tmp/lightning-golden/dotnet
rm -rf "$root" && mkdir -p "$root/vstest" "$root/mtp"

cd "$root/vstest"
cp "$here/fixture/Vstest.csproj.fixture" Calc.Tests.csproj
cp "$here/fixture/CalcTests.cs.fixture" CalcTests.cs
dotnet test --logger "trx;LogFileName=dotnet-vstest.trx" --results-directory results || true
cp results/dotnet-vstest.trx "$here/"

cd "$root/mtp"
cp "$here/fixture/Mtp.csproj.fixture" Calc.Tests.csproj
cp "$here/fixture/CalcTests.cs.fixture" CalcTests.cs
printf '{ "test": { "runner": "Microsoft.Testing.Platform" } }\n' > global.json
dotnet test --report-trx --report-trx-filename dotnet-mtp.trx --results-directory results || true
cp results/dotnet-mtp.trx "$here/"

echo "dotnet $(dotnet --version)" > "$here/versions.txt"
