#!/usr/bin/env bash
# A private Redis server for the tests: 127.0.0.1 only, a generated password (requirepass), its own config, data
# (append-only file, fsync on every write, as durable as the other buses) and log under $LIGHTNING_SERVICES_DIR/redis.
# The system Redis (if the package started one) is never touched.
#
#   scripts/services/redis.sh start    install if missing, generate the password once, start, verify AUTH + PING, write redis.env
#   scripts/services/redis.sh stop     stop it (fine when not running)
#   scripts/services/redis.sh status   exit 0 when running
#   scripts/services/redis.sh env      print redis.env (export LIGHTNING_TEST_REDIS='127.0.0.1:PORT,password=...')
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_REDIS_PORT (default 6390).
set -euo pipefail

LOG_TAG=redis
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REDIS_PORT="${LIGHTNING_REDIS_PORT:-6390}"
REDIS_DIR="${LIGHTNING_SERVICES_DIR}/redis"
REDIS_DATA="${REDIS_DIR}/data"
REDIS_CONFIG="${REDIS_DIR}/redis.conf"
REDIS_PID_FILE="${REDIS_DIR}/redis.pid"
REDIS_LOG="${REDIS_DIR}/redis.log"
REDIS_PASSWORD_FILE="${LIGHTNING_SERVICES_DIR}/redis.password"
REDIS_ENV_FILE="${LIGHTNING_SERVICES_DIR}/redis.env"

# The pid of our redis-server, when it runs (a stale pid file or a reused pid does not count).
running_pid() {
    [[ -s "${REDIS_PID_FILE}" ]] || return 1
    local pid
    pid="$(cat "${REDIS_PID_FILE}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" == redis-server ]] || return 1
    printf '%s\n' "${pid}"
}

install_if_missing() {
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        ensure_packages redis-server redis-tools
    fi
    command -v redis-server >/dev/null 2>&1 || die "redis-server is missing after installing the redis-server package"
}

# redis-cli against our server; the password goes through the environment, not the command line.
cli() {
    REDISCLI_AUTH="$(cat "${REDIS_PASSWORD_FILE}")" redis-cli -h 127.0.0.1 -p "${REDIS_PORT}" --no-auth-warning "$@"
}

generate_files() {
    mkdir -p "${LIGHTNING_SERVICES_DIR}" "${REDIS_DIR}" "${REDIS_DATA}"
    chmod 700 "${REDIS_DIR}" "${REDIS_DATA}"
    if [[ ! -s "${REDIS_PASSWORD_FILE}" ]]; then
        log "generating the password into ${REDIS_PASSWORD_FILE}"
        (umask 077 && random_hex 24 >"${REDIS_PASSWORD_FILE}")
    fi
    chmod 600 "${REDIS_PASSWORD_FILE}"

    log "writing ${REDIS_CONFIG} (127.0.0.1:${REDIS_PORT}, appendonly, appendfsync always)"
    (umask 077 && cat >"${REDIS_CONFIG}" <<EOF
# Written by scripts/services/redis.sh on every start.
bind 127.0.0.1
port ${REDIS_PORT}
protected-mode yes
requirepass $(cat "${REDIS_PASSWORD_FILE}")
daemonize yes
pidfile ${REDIS_PID_FILE}
logfile ${REDIS_LOG}
dir ${REDIS_DATA}
# Durable like the other buses: every write is in the append-only file, fsynced, before the reply.
appendonly yes
appendfsync always
# The append-only file is the only persistence; no RDB snapshots.
save ""
# Tests open many connections in parallel.
maxclients 1000
EOF
    )
}

write_env() {
    (umask 077 && printf "export LIGHTNING_TEST_REDIS='127.0.0.1:%s,password=%s'\n" \
        "${REDIS_PORT}" "$(cat "${REDIS_PASSWORD_FILE}")" >"${REDIS_ENV_FILE}")
    chmod 600 "${REDIS_ENV_FILE}"
    log "wrote ${REDIS_ENV_FILE}"
}

start() {
    install_if_missing
    mkdir -p "${LIGHTNING_SERVICES_DIR}"
    if running_pid >/dev/null; then
        log "already running (pid $(running_pid))"
        [[ -s "${REDIS_PASSWORD_FILE}" ]] || die "running but its password file is gone: run '$0 stop' then '$0 start'"
    else
        generate_files
        if port_in_use "${REDIS_PORT}"; then
            die "port ${REDIS_PORT} is already in use by another process: set LIGHTNING_REDIS_PORT"
        fi
        log "starting redis $(redis-server --version | sed -E 's/.* v=([^ ]+).*/\1/') on 127.0.0.1:${REDIS_PORT} (log ${REDIS_LOG})"
        rm -f "${REDIS_PID_FILE}"
        redis-server "${REDIS_CONFIG}" || die "redis-server refused ${REDIS_CONFIG} (log ${REDIS_LOG})"
    fi

    log "waiting for 127.0.0.1:${REDIS_PORT}"
    if ! wait_for_port "${REDIS_PORT}" 30; then
        tail -n 30 "${REDIS_LOG}" >&2 || true
        die "redis did not accept connections on 127.0.0.1:${REDIS_PORT} within 30 s (log ${REDIS_LOG})"
    fi

    # The append-only file is loaded before PING answers PONG (until then: LOADING).
    log "verifying AUTH + PING"
    local answer i
    for ((i = 0; i < 150; i++)); do
        answer="$(cli ping 2>&1 || true)"
        [[ "${answer}" == PONG ]] && break
        sleep 0.2
    done
    if [[ "${answer}" != PONG ]]; then
        tail -n 30 "${REDIS_LOG}" >&2 || true
        die "PING with the password answered '${answer}' (log ${REDIS_LOG})"
    fi
    [[ "$(cli config get appendfsync | tail -n 1)" == always ]] || die "the running server does not have appendfsync always"

    write_env
    log "ready on 127.0.0.1:${REDIS_PORT} (pid $(running_pid))"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "${REDIS_PID_FILE}"
        log "not running"
        return 0
    fi
    # SIGTERM makes Redis fsync the append-only file and exit cleanly.
    log "stopping pid ${pid}"
    terminate_pid "${pid}" 10
    rm -f "${REDIS_PID_FILE}"
    log "stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    if pid="$(running_pid)"; then
        log "running (pid ${pid})"
    else
        log "not running"
        exit 1
    fi
    ;;
env)
    [[ -f "${REDIS_ENV_FILE}" ]] || die "${REDIS_ENV_FILE} does not exist: run '$0 start' first"
    cat "${REDIS_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
