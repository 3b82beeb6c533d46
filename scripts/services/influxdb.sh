#!/usr/bin/env bash
# A private InfluxDB 1.x server (influxd) for the tests and the benchmarks: 127.0.0.1 only, HTTP auth enabled with a
# generated admin password, its own generated config, meta/data/wal and log under $LIGHTNING_SERVICES_DIR/influxdb,
# usage reporting and the _internal monitor database off. A system influxd (if the package started one) is never touched.
#
#   scripts/services/influxdb.sh start    install if missing, generate the password once, start, create the admin user,
#                                          verify an authenticated query, write influxdb.env
#   scripts/services/influxdb.sh stop     stop it (fine when not running)
#   scripts/services/influxdb.sh status   exit 0 when running
#   scripts/services/influxdb.sh env      print influxdb.env (export LIGHTNING_TEST_INFLUXDB='http://127.0.0.1:PORT;user=admin;password=...')
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_INFLUXDB_PORT (HTTP, default 8187; the
# RPC port used by backup/restore is the next one).
set -euo pipefail

LOG_TAG=influxdb
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

INFLUX_PORT="${LIGHTNING_INFLUXDB_PORT:-8187}"
INFLUX_RPC_PORT=$((INFLUX_PORT + 1))
INFLUX_DIR="${LIGHTNING_SERVICES_DIR}/influxdb"
INFLUX_CONFIG="${INFLUX_DIR}/influxdb.conf"
INFLUX_PID_FILE="${INFLUX_DIR}/influxd.pid"
INFLUX_LOG="${INFLUX_DIR}/influxd.log"
INFLUX_USER="admin"
INFLUX_PASSWORD_FILE="${LIGHTNING_SERVICES_DIR}/influxdb.password"
INFLUX_ENV_FILE="${LIGHTNING_SERVICES_DIR}/influxdb.env"

# The pid of our influxd, when it runs (a stale pid file or a reused pid does not count).
running_pid() {
    [[ -s "${INFLUX_PID_FILE}" ]] || return 1
    local pid
    pid="$(cat "${INFLUX_PID_FILE}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" == influxd ]] || return 1
    printf '%s\n' "${pid}"
}

install_if_missing() {
    command -v influxd >/dev/null 2>&1 || ensure_packages influxdb
    command -v influxd >/dev/null 2>&1 || die "influxd is missing after installing the influxdb package"
    command -v curl >/dev/null 2>&1 || ensure_packages curl
}

generate_files() {
    mkdir -p "${INFLUX_DIR}/meta" "${INFLUX_DIR}/data" "${INFLUX_DIR}/wal"
    chmod 700 "${INFLUX_DIR}"
    if [[ ! -s "${INFLUX_PASSWORD_FILE}" ]]; then
        log "generating the admin password into ${INFLUX_PASSWORD_FILE}"
        (umask 077 && random_hex 24 >"${INFLUX_PASSWORD_FILE}")
    fi
    chmod 600 "${INFLUX_PASSWORD_FILE}"

    log "writing ${INFLUX_CONFIG} (127.0.0.1:${INFLUX_PORT}, auth enabled, wal fsync on every write)"
    (umask 077 && cat >"${INFLUX_CONFIG}" <<EOF
# Written by scripts/services/influxdb.sh on every start.
reporting-enabled = false
bind-address = "127.0.0.1:${INFLUX_RPC_PORT}"

[meta]
  dir = "${INFLUX_DIR}/meta"

[data]
  dir = "${INFLUX_DIR}/data"
  wal-dir = "${INFLUX_DIR}/wal"
  # The default: the WAL is fsynced before a write is acknowledged (same durability as ours).
  wal-fsync-delay = "0s"
  query-log-enabled = false

[monitor]
  # No _internal database: it would write every 10 s on a machine the benchmarks share.
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${INFLUX_PORT}"
  auth-enabled = true
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true
EOF
    )
}

# An InfluxQL statement through /query; the credentials go in a header file, not on the command line.
query() {
    local statement=$1 auth=${2:-yes}
    local args=(-sS --max-time 10 -XPOST "http://127.0.0.1:${INFLUX_PORT}/query" --data-urlencode "q=${statement}")
    if [[ "${auth}" == yes ]]; then
        local header
        header="Authorization: Basic $(printf '%s:%s' "${INFLUX_USER}" "$(cat "${INFLUX_PASSWORD_FILE}")" | base64 -w0)"
        curl "${args[@]}" -H @<(printf '%s\n' "${header}")
    else
        curl "${args[@]}"
    fi
}

write_env() {
    (umask 077 && printf "export LIGHTNING_TEST_INFLUXDB='http://127.0.0.1:%s;user=%s;password=%s'\n" \
        "${INFLUX_PORT}" "${INFLUX_USER}" "$(cat "${INFLUX_PASSWORD_FILE}")" >"${INFLUX_ENV_FILE}")
    chmod 600 "${INFLUX_ENV_FILE}"
    log "wrote ${INFLUX_ENV_FILE}"
}

start() {
    install_if_missing
    mkdir -p "${LIGHTNING_SERVICES_DIR}"
    if running_pid >/dev/null; then
        log "already running (pid $(running_pid))"
        [[ -s "${INFLUX_PASSWORD_FILE}" ]] || die "running but its password file is gone: run '$0 stop' then '$0 start'"
    else
        generate_files
        if port_in_use "${INFLUX_PORT}"; then
            die "port ${INFLUX_PORT} is already in use by another process: set LIGHTNING_INFLUXDB_PORT"
        fi
        log "starting $(influxd version 2>/dev/null | head -n 1) on 127.0.0.1:${INFLUX_PORT} (log ${INFLUX_LOG})"
        rm -f "${INFLUX_PID_FILE}"
        # influxd has no daemon mode: run it in the background, detached from this shell's job control.
        nohup influxd run -config "${INFLUX_CONFIG}" -pidfile "${INFLUX_PID_FILE}" >"${INFLUX_LOG}" 2>&1 </dev/null &
        disown || true
    fi

    log "waiting for 127.0.0.1:${INFLUX_PORT}"
    if ! wait_for_port "${INFLUX_PORT}" 60; then
        tail -n 30 "${INFLUX_LOG}" >&2 || true
        die "influxd did not accept connections on 127.0.0.1:${INFLUX_PORT} within 60 s (log ${INFLUX_LOG})"
    fi

    # With auth enabled and no user yet, InfluxDB accepts exactly one statement without credentials: creating the
    # first admin. Once it exists, this answers an error we ignore.
    local answer
    answer="$(query "SHOW USERS" yes || true)"
    if [[ "${answer}" != *'"results"'* || "${answer}" == *'"error"'* ]]; then
        log "creating the admin user"
        query "CREATE USER ${INFLUX_USER} WITH PASSWORD '$(cat "${INFLUX_PASSWORD_FILE}")' WITH ALL PRIVILEGES" no >/dev/null || true
    fi

    log "verifying an authenticated query"
    answer="$(query "SHOW DATABASES" yes || true)"
    if [[ "${answer}" != *'"results"'* || "${answer}" == *'"error"'* ]]; then
        tail -n 30 "${INFLUX_LOG}" >&2 || true
        die "SHOW DATABASES with the admin password answered '${answer}' (log ${INFLUX_LOG}); if the data directory was made with another password, run '$0 stop', remove ${INFLUX_DIR} and start again"
    fi
    answer="$(query "SHOW DATABASES" no || true)"
    [[ "${answer}" == *'"error"'* ]] || die "influxd answered a query without credentials: auth is not enabled"

    write_env
    log "ready on 127.0.0.1:${INFLUX_PORT} (pid $(running_pid))"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "${INFLUX_PID_FILE}"
        log "not running"
        return 0
    fi
    # SIGTERM makes influxd close its shards and the WAL cleanly.
    log "stopping pid ${pid}"
    terminate_pid "${pid}" 20
    rm -f "${INFLUX_PID_FILE}"
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
    [[ -f "${INFLUX_ENV_FILE}" ]] || die "${INFLUX_ENV_FILE} does not exist: run '$0 start' first"
    cat "${INFLUX_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
