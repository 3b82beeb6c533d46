#!/usr/bin/env bash
# Regenerates every tool-produced golden report (each folder's regenerate.sh documents its tool and command).
# handwritten/ holds files written by hand after the format documents they cite; nothing regenerates them.
# After regenerating, run the golden tests: they fail until each folder's *.expected.json is reviewed and updated
# with `LIGHTNING_GOLDEN_UPDATE=1 dotnet test --project tests/Lightning.Testing.Tests -c Release -- --filter-class "*GoldenCorpusTests*"`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in pytest jest go junit5 phpunit rspec node-tap dotnet; do
    echo "== $tool"
    "$here/$tool/regenerate.sh"
done
