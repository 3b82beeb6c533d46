# shellcheck shell=bash
# Shared helpers for scripts/services/*.sh and scripts/test.sh. Source it; do not run it.

# Where every private service keeps its data, keys, logs and env files.
LIGHTNING_SERVICES_DIR="${LIGHTNING_SERVICES_DIR:-/tmp/lightning-services}"

# One line per step, prefixed with the script's name.
log() {
    printf '[%s] %s\n' "${LOG_TAG:-lightning}" "$*"
}

die() {
    printf '[%s] error: %s\n' "${LOG_TAG:-lightning}" "$*" >&2
    exit 1
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ ${EUID} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

# True when the Debian package is installed.
package_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Installs the Debian packages that are missing; runs apt-get update once per process, only when something is missing.
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        package_installed "${package}" || missing+=("${package}")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    if [[ -z "${LIGHTNING_APT_UPDATED:-}" ]]; then
        log "apt-get update (missing: ${missing[*]})"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        LIGHTNING_APT_UPDATED=1
        export LIGHTNING_APT_UPDATED
    fi
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Waits until a TCP port on 127.0.0.1 accepts connections, for at most $2 seconds.
wait_for_port() {
    local port=$1 seconds=$2 i
    for ((i = 0; i < seconds * 5; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# True when something already listens on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A random hex secret (no quoting or connection-string escaping needed).
random_hex() {
    od -An -N"${1:-24}" -tx1 /dev/urandom | tr -d ' \n'
}

# Stops a process: SIGTERM, up to $2 seconds for it to exit, then SIGKILL.
terminate_pid() {
    local pid=$1 seconds=$2 i
    kill "${pid}" 2>/dev/null || return 0
    for ((i = 0; i < seconds * 10; i++)); do
        kill -0 "${pid}" 2>/dev/null || return 0
        sleep 0.1
    done
    log "pid ${pid} ignored SIGTERM for ${seconds} s, sending SIGKILL"
    kill -9 "${pid}" 2>/dev/null || true
}

# Debian's Python packages (pytest, ...) belong to the system Python; a pyenv shim first on PATH hides them from the
# commands agents run. When python3 lacks pytest and the system Python has it, export PYENV_VERSION=system.
prefer_system_python_for_pytest() {
    python3 -c 'import pytest' >/dev/null 2>&1 && return 0
    command -v pyenv >/dev/null 2>&1 || return 0
    PYENV_VERSION=system python3 -c 'import pytest' >/dev/null 2>&1 || return 0
    export PYENV_VERSION=system
    log "python3 is a pyenv shim without pytest: using the system Python, which has it (PYENV_VERSION=system)"
}
