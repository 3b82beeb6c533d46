#!/usr/bin/env bash
# Runs every test of Agent Lightning: installs what is missing (Debian packages), starts the real services
# (PostgreSQL, OpenSSH, RabbitMQ, Redis, an SMTP sink) and stops them again, builds and tests the web UI, builds the solution once, runs every
# .NET test, then the browser tests. A failing suite does not stop the others; the last line is "N passed, M failed"
# and the exit code is non-zero when anything failed or no test ran.
#
#   scripts/test.sh                 everything (what CI runs through .ci/run)
#   scripts/test.sh --no-web        skip the web UI (npm ci, typecheck, vitest, build)
#   scripts/test.sh --no-e2e        skip the browser tests (tests/e2e)
#   scripts/test.sh --filter EXPR   pass --filter EXPR to dotnet test
#
# Logs of every step go to $LIGHTNING_TEST_LOGS (default artifacts/test-logs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"

LOG_TAG="test"
# shellcheck source=scripts/services/common.sh
source "${ROOT}/scripts/services/common.sh"

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

RUN_WEB=1
RUN_E2E=1
FILTER=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --no-web) RUN_WEB=0 ;;
    --no-e2e) RUN_E2E=0 ;;
    --filter)
        [[ $# -ge 2 ]] || die "--filter needs an expression"
        FILTER=$2
        shift
        ;;
    --filter=*) FILTER=${1#--filter=} ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        die "unknown option: $1"
        ;;
    esac
    shift
done

export CI="${CI:-}"
export LIGHTNING_SERVICES_DIR
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false

LOG_DIR="${LIGHTNING_TEST_LOGS:-${ROOT}/artifacts/test-logs}"
mkdir -p "${LOG_DIR}"
SERVER_DLL="${ROOT}/src/Lightning.Server/bin/Release/net10.0/Lightning.Server.dll"

# ---------------------------------------------------------------------------------------------------------------
# Bookkeeping: every step's outcome, the failures, and the test counts summed over all suites.
STEP_LINES=()
FAILED_STEPS=()
FAILED_LOGS=()
TOTAL_PASSED=0
TOTAL_FAILED=0
CURRENT_PID=""
STARTED_SERVICES=()

cleanup() {
    local service
    for service in "${STARTED_SERVICES[@]}"; do
        bash "${ROOT}/scripts/services/${service}.sh" stop || true
    done
}

# shellcheck disable=SC2317 # invoked through trap
on_signal() {
    if [[ -n "${CURRENT_PID}" ]]; then
        kill -TERM "${CURRENT_PID}" 2>/dev/null || true
    fi
    log "interrupted"
    exit 130
}

trap cleanup EXIT
trap on_signal INT TERM

# Runs a command with its output shown live and saved to a log, bounded by a timeout. Output goes to a file,
# not a pipe, so a stray background process that keeps the descriptor open cannot hang the run.
run_logged() {
    local logfile=$1 limit=$2
    shift 2
    : >"${logfile}"
    timeout --kill-after=30s "${limit}" "$@" >"${logfile}" 2>&1 &
    CURRENT_PID=$!
    tail -n +1 -f --pid="${CURRENT_PID}" "${logfile}" &
    local tail_pid=$! rc=0
    wait "${CURRENT_PID}" || rc=$?
    wait "${tail_pid}" || true
    CURRENT_PID=""
    if [[ ${rc} -eq 124 ]]; then
        log "timed out after ${limit}: $*"
    fi
    return "${rc}"
}

# Prints "passed failed" found in a log: dotnet test (VSTest and Microsoft.Testing.Platform summaries),
# vitest/jest ("Tests  12 passed"), node --test ("# pass 3" / "ℹ pass 3").
count_tests() {
    sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$1" | awk '
        function num(line, word,    m) {
            if (match(line, "[0-9]+ " word)) { m = substr(line, RSTART, RLENGTH); sub(" .*", "", m); return m + 0 }
            return 0
        }
        # dotnet test (VSTest): "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42, ..."
        /[A-Za-z]+! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
            line = $0
            sub(/.*Failed: +/, "", line); f = line + 0
            line = $0
            sub(/.*Passed: +/, "", line); p = line + 0
            passed += p; failed += f; next
        }
        # dotnet test (Microsoft.Testing.Platform): "Test run summary: ..." then "  failed: 1" / "  succeeded: 41"
        /^Test run summary:/ { mtp = 1; next }
        mtp && /^ +failed: +[0-9]+/ { line = $0; sub(/.*: +/, "", line); failed += line + 0; next }
        mtp && /^ +succeeded: +[0-9]+/ { line = $0; sub(/.*: +/, "", line); passed += line + 0; next }
        mtp && /^ +duration:/ { mtp = 0; next }
        # vitest "      Tests  1 failed | 11 passed (12)", jest "Tests:       1 failed, 11 passed, 12 total"
        /^ *Tests:? +[0-9]/ { passed += num($0, "passed"); failed += num($0, "failed"); next }
        # node --test, TAP ("# pass 3") or spec ("ℹ pass 3") reporter
        /^(# |ℹ )pass [0-9]+/ { line = $0; sub(/.*pass /, "", line); passed += line + 0; next }
        /^(# |ℹ )fail [0-9]+/ { line = $0; sub(/.*fail /, "", line); failed += line + 0; next }
        END { printf "%d %d\n", passed, failed }
    '
}

# One line per .NET test project from a dotnet test log: its counts and outcome.
dotnet_projects() {
    sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$1" | awk '
        # VSTest: "Passed!  - Failed: 0, Passed: 42, Skipped: 0, Total: 42, Duration: 3 s - X.Tests.dll (net10.0)"
        /[A-Za-z]+! +- +Failed: +[0-9]+/ { line = $0; sub(/^ +/, "", line); gsub(/  +/, " ", line); print "    " line; found = 1; next }
        # Microsoft.Testing.Platform, --output Detailed: "passed Ns.Class.Method (3ms)" ... "  from /path/X.Tests.dll (net10.0|x64)"
        /^(passed|failed|skipped|error|timed out|canceled) / { outcome = $1; next }
        outcome != "" && /^  from .*\.dll/ {
            dll = $0; sub(/^  from /, "", dll); sub(/ \(.*$/, "", dll); n = split(dll, parts, "/"); name = parts[n]; sub(/\.dll$/, "", name)
            if (!(name in seen)) { seen[name] = 1; order[++count] = name }
            if (outcome == "passed") passed[name]++; else if (outcome == "skipped") skipped[name]++; else failed[name]++
            outcome = ""; next
        }
        # Module outcome from the run summary: "  /path/X.Tests.dll (net10.0|x64) passed (2s)"
        /^Test run summary:/ { insummary = 1; next }
        insummary && /^  \/.*\.dll / {
            dll = $0; sub(/^  /, "", dll); state = dll; sub(/ \(.*$/, "", dll); n = split(dll, parts, "/"); name = parts[n]; sub(/\.dll$/, "", name)
            sub(/^[^)]*\) /, "", state); sub(/ \([0-9][^)]*\)$/, "", state); status[name] = state
            if (!(name in seen)) { seen[name] = 1; order[++count] = name }
            next
        }
        END {
            for (i = 1; i <= count; i++) {
                name = order[i]
                printf "    %-32s %d passed, %d failed, %d skipped%s\n", name, passed[name], failed[name], skipped[name], (name in status ? " (" status[name] ")" : "")
            }
            if (count == 0 && !found) print "    (no per-project results found)"
        }
    '
}

# step NAME TIMEOUT COMMAND...: runs one step, counts its tests, remembers the outcome; returns its exit code.
step() {
    local name=$1 limit=$2
    shift 2
    local slug logfile rc=0 passed failed counts=""
    slug="$(printf '%s' "${name}" | tr -c 'A-Za-z0-9' '-' | tr -s '-' | sed 's/^-//; s/-$//')"
    logfile="${LOG_DIR}/${slug}.log"
    log "== ${name}: $*"
    run_logged "${logfile}" "${limit}" "$@" || rc=$?
    read -r passed failed < <(count_tests "${logfile}")
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    if [[ $((passed + failed)) -gt 0 ]]; then
        counts=" (${passed} passed, ${failed} failed)"
    fi
    if [[ ${rc} -eq 0 ]]; then
        STEP_LINES+=("ok      ${name}${counts}")
    else
        STEP_LINES+=("FAILED  ${name}${counts}: exit ${rc}, log ${logfile}")
        FAILED_STEPS+=("${name}")
        FAILED_LOGS+=("${logfile}")
    fi
    return "${rc}"
}

fail_step() {
    STEP_LINES+=("FAILED  $1")
    FAILED_STEPS+=("$1")
}

skip_step() {
    STEP_LINES+=("skipped $1")
    log "warning: skipping $1"
}

# npm ci, or npm install with a warning when the package has no lock file yet.
npm_install_in() {
    local dir=$1
    if [[ -f "${dir}/package-lock.json" ]]; then
        step "${dir}: npm ci" 15m env -C "${dir}" npm ci --no-audit --no-fund
    else
        log "warning: ${dir}/package-lock.json is missing; running npm install (commit the lock file)"
        step "${dir}: npm install" 15m env -C "${dir}" npm install --no-audit --no-fund
    fi
}

# ---------------------------------------------------------------------------------------------------------------
log "repository ${ROOT}, logs in ${LOG_DIR}, CI=${CI:-<unset>}"

command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH (the .NET 10 SDK comes with the machine)"
if [[ ${RUN_WEB} -eq 1 || ${RUN_E2E} -eq 1 ]]; then
    command -v npm >/dev/null 2>&1 || die "npm is not on PATH (Node 20 comes with the machine)"
fi

# Debian prerequisites, installed in one apt-get run when missing.
packages=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || packages+=(postgresql)
[[ -x /usr/sbin/sshd ]] || packages+=(openssh-server)
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || packages+=(rabbitmq-server)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v influxd >/dev/null 2>&1 || packages+=(influxdb)
command -v influx >/dev/null 2>&1 || packages+=(influxdb-client)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || packages+=(python3-aiosmtpd)
command -v ssh >/dev/null 2>&1 || packages+=(openssh-client)
# Test frameworks the analysis and testing tools run for real.
/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1 || packages+=(python3-pytest)
/usr/bin/python3 -c 'import coverage' >/dev/null 2>&1 || packages+=(python3-coverage)
command -v go >/dev/null 2>&1 || packages+=(golang-go)
command -v javac >/dev/null 2>&1 || packages+=(default-jdk-headless)
[[ -f /usr/share/java/junit-platform-console-standalone.jar ]] || packages+=(junit5)
[[ -f /usr/share/java/org.jacoco.agent.rt.jar ]] || packages+=(libjacoco-java)
command -v rspec >/dev/null 2>&1 || packages+=(ruby-rspec)
ruby -e 'require "simplecov"' >/dev/null 2>&1 || packages+=(ruby-simplecov)
command -v phpunit >/dev/null 2>&1 || packages+=(phpunit)
php -m 2>/dev/null | grep -qx pcov || packages+=(php-pcov)
if [[ ${RUN_E2E} -eq 1 && ! -x /usr/bin/chromium ]]; then
    packages+=(chromium)
fi
if [[ ${#packages[@]} -gt 0 ]]; then
    ensure_packages "${packages[@]}"
else
    log "Debian prerequisites present (postgresql, openssh-server, rabbitmq-server, redis-server, influxdb, test frameworks$([[ ${RUN_E2E} -eq 1 ]] && echo ", chromium"))"
fi
prefer_system_python_for_pytest

# Real services; stop on exit only what this run started.
for service in postgres sshd rabbitmq redis influxdb smtp; do
    if bash "${ROOT}/scripts/services/${service}.sh" status >/dev/null 2>&1; then
        log "${service} already running: leaving it running afterwards"
    else
        STARTED_SERVICES+=("${service}")
    fi
    if bash "${ROOT}/scripts/services/${service}.sh" start; then
        # shellcheck disable=SC1090
        source "${LIGHTNING_SERVICES_DIR}/${service}.env"
    else
        fail_step "service ${service} did not start"
    fi
done
if [[ ${RUN_E2E} -eq 1 ]]; then
    eval "$(bash "${ROOT}/scripts/services/chromium.sh" env)"
fi

# Web UI: unit tests and the build the server serves.
if [[ ${RUN_WEB} -eq 0 ]]; then
    skip_step "web (--no-web)"
elif [[ ! -f web/package.json ]]; then
    skip_step "web (web/package.json does not exist yet)"
elif npm_install_in web; then
    step "web: npm run typecheck" 10m env -C web npm run typecheck || true
    step "web: npm test" 15m env -C web npm test || true
    step "web: npm run build" 10m env -C web npm run build || true
fi

# Programs the .NET tests run for real: git-cliff (whose output the changelog generator must match byte for byte),
# and Jest with jest-junit (one of the test frameworks the testing module detects and runs).
if ! command -v npm >/dev/null 2>&1; then
    log "warning: npm is not on PATH, so git-cliff and jest are not installed (their tests fail when CI=true)"
elif npm_install_in tests/tools; then
    [[ -x tests/tools/node_modules/.bin/git-cliff ]] && export LIGHTNING_TEST_GIT_CLIFF="${ROOT}/tests/tools/node_modules/.bin/git-cliff"
    [[ -x tests/tools/node_modules/.bin/jest ]] && export LIGHTNING_TEST_JEST_BIN="${ROOT}/tests/tools/node_modules/.bin"
fi

# .NET: build once, then test without rebuilding. A failed build is already a failure; the projects that did
# build are still tested (a project whose build failed shows up as a failed test module).
step "dotnet build" 30m dotnet build Lightning.slnx -c Release -nologo || true
if grep -q '"Microsoft.Testing.Platform"' global.json 2>/dev/null; then
    # global.json opts dotnet test into Microsoft.Testing.Platform: one line per test, a summary per module.
    test_args=(test --solution Lightning.slnx -c Release --no-build --no-progress --no-ansi --output Detailed)
    if [[ -n "${FILTER}" ]]; then
        # Modules where the filter selects nothing exit with 8 ("zero tests ran"): not a failure here.
        test_args+=(--filter "${FILTER}" --ignore-exit-code 8)
    fi
else
    test_args=(test Lightning.slnx -c Release --no-build --nologo --logger "console;verbosity=normal"
        --blame-hang-timeout 10m --blame-hang-dump-type none)
    if [[ -n "${FILTER}" ]]; then
        test_args+=(--filter "${FILTER}")
    fi
fi
step "dotnet test" 50m dotnet "${test_args[@]}" || true

# Browser tests against the built server, through playwright-core and /usr/bin/chromium.
if [[ ${RUN_E2E} -eq 0 ]]; then
    skip_step "e2e (--no-e2e)"
elif [[ ! -f tests/e2e/package.json ]]; then
    skip_step "e2e (tests/e2e/package.json does not exist yet)"
elif [[ ! -f "${SERVER_DLL}" ]]; then
    fail_step "e2e (not run: the build produced no ${SERVER_DLL#"${ROOT}/"})"
elif npm_install_in tests/e2e; then
    step "e2e: npm test" 20m env -C tests/e2e LIGHTNING_SERVER_DLL="${SERVER_DLL}" npm test || true
fi

# The benchmark's quick mode proves the program still runs end to end; its figures are meaningless here and unchecked.
step "bench: --quick" 10m dotnet run -c Release --no-build --project bench/Lightning.Benchmarks -- --quick --skip-wrk || true

# Stop the services now so the summary really is the last thing printed; in CI also the build servers.
cleanup
STARTED_SERVICES=()
if [[ "${CI}" == true ]]; then
    dotnet build-server shutdown >/dev/null 2>&1 || true
fi

# ---------------------------------------------------------------------------------------------------------------
echo
echo "================ summary ================"
for line in "${STEP_LINES[@]}"; do
    echo "  ${line}"
done
if [[ -f "${LOG_DIR}/dotnet-test.log" ]]; then
    echo "  .NET test projects:"
    dotnet_projects "${LOG_DIR}/dotnet-test.log"
fi
status=0
if [[ ${#FAILED_STEPS[@]} -gt 0 ]]; then
    echo "  failed steps: ${#FAILED_STEPS[@]}"
    status=1
fi
# CI keeps only the tail of this output, so the first failures of each failed step are repeated here.
for logfile in "${FAILED_LOGS[@]}"; do
    echo "  first failures in ${logfile#"${ROOT}/"}:"
    grep -E -A8 '✖|^not ok|^\s*failed |FAIL |×|AssertionError|error (CS|MSB|TS)[0-9]+' "${logfile}" 2>/dev/null | head -n 30 | sed 's/^/    | /' || true
done
if [[ ${TOTAL_FAILED} -gt 0 ]]; then
    status=1
fi
if [[ $((TOTAL_PASSED + TOTAL_FAILED)) -eq 0 ]]; then
    echo "  no test ran"
    status=1
fi
echo "${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
exit "${status}"
