#!/usr/bin/env bash
# Starts Agent Lightning with its embedded defaults (data in ./.lightning of the repository):
# builds the web UI when it is missing or older than its sources, builds the CLI, then runs `lightning serve`.
#
#   scripts/start.sh [serve options...]     e.g. scripts/start.sh --help
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"

LOG_TAG="start"
# shellcheck source=scripts/services/common.sh
source "${ROOT}/scripts/services/common.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false

CLI_DLL="${ROOT}/src/Lightning.Cli/bin/Release/net10.0/lightning.dll"

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (install the .NET 10 SDK)"

# True when web/dist is missing or any web source is newer than the built index.html.
web_needs_build() {
    [[ -f web/dist/index.html ]] || return 0
    local sources=() candidate
    for candidate in web/src web/public web/index.html web/package.json web/package-lock.json web/vite.config.* web/tsconfig*.json; do
        [[ -e "${candidate}" ]] && sources+=("${candidate}")
    done
    [[ ${#sources[@]} -gt 0 ]] || return 1
    [[ -n "$(find "${sources[@]}" -newer web/dist/index.html -print -quit)" ]]
}

if [[ ! -f web/package.json ]]; then
    log "warning: web/package.json does not exist yet: starting without building the web UI"
elif web_needs_build; then
    command -v npm >/dev/null 2>&1 || die "npm is not on PATH (install Node 20)"
    if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
        log "installing web dependencies (npm ci)"
        (cd web && npm ci --no-audit --no-fund)
    fi
    log "building the web UI (npm run build)"
    (cd web && npm run build)
else
    log "web UI is up to date (web/dist)"
fi

[[ -n "$(find src/Lightning.Cli -maxdepth 1 -name '*.csproj' -print -quit 2>/dev/null)" ]] ||
    die "src/Lightning.Cli has no project file yet"
log "building the CLI (dotnet build src/Lightning.Cli -c Release)"
dotnet build src/Lightning.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
[[ -f "${CLI_DLL}" ]] || die "the build did not produce ${CLI_DLL}"

# Test subtasks run `python3 -m pytest`: give them the Python that has it.
prefer_system_python_for_pytest

log "starting: lightning serve $* (data in ${ROOT}/.lightning unless configured otherwise)"
exec dotnet "${CLI_DLL}" serve "$@"
