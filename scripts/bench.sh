#!/usr/bin/env bash
# Runs the benchmarks of bench/Lightning.Benchmarks (Release build); installs wrk when missing.
# Arguments go to the benchmark program, e.g.
#   scripts/bench.sh --quick           every phase briefly, exit code 1 on any error
#   scripts/bench.sh --json out.json   the full run, results also as JSON
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"

LOG_TAG="bench"
# shellcheck source=scripts/services/common.sh
source "${ROOT}/scripts/services/common.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PROJECT=bench/Lightning.Benchmarks
[[ -n "$(find "${PROJECT}" -maxdepth 1 -name '*.csproj' -print -quit 2>/dev/null)" ]] ||
    die "${PROJECT} has no project file yet"

# The agent-list benchmark compares against wrk (Debian package) unless told to skip it.
needs_wrk=1
for argument in "$@"; do
    case "${argument}" in
    --skip-wrk | --help | -h) needs_wrk=0 ;;
    esac
done
if [[ ${needs_wrk} -eq 1 ]] && ! command -v wrk >/dev/null 2>&1; then
    ensure_packages wrk
fi

# The dashboard benchmark drives Chromium with playwright-core over the built web app.
for argument in "$@"; do
    if [[ "${argument}" == "dashboard" ]]; then
        log "preparing the dashboard benchmark (npm ci in bench/dashboard and web, web build)"
        npm ci --prefix bench/dashboard --no-audit --no-fund --silent
        npm ci --prefix web --no-audit --no-fund --silent
        npm run --prefix web build --silent
    fi
done

log "building ${PROJECT} (Release)"
dotnet build "${PROJECT}" -c Release -nologo -v quiet -clp:ErrorsOnly
log "running ${PROJECT} $*"
exec dotnet run -c Release --no-build --project "${PROJECT}" -- "$@"
