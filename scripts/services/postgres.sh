#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: 127.0.0.1 only, password (SCRAM) auth, its own data and socket
# directory under $LIGHTNING_SERVICES_DIR/postgres. The system cluster is never touched.
#
#   scripts/services/postgres.sh start    install if missing, init once, start, wait, write postgres.env
#   scripts/services/postgres.sh stop     stop it (fine when not running)
#   scripts/services/postgres.sh status   exit 0 when running
#   scripts/services/postgres.sh env      print postgres.env (export LIGHTNING_TEST_POSTGRES=...)
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_PG_PORT (default 55432).
set -euo pipefail

LOG_TAG=postgres
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_PORT="${LIGHTNING_PG_PORT:-55432}"
PG_USER=lightning
PG_ROOT="${LIGHTNING_SERVICES_DIR}/postgres"
PG_DATA="${PG_ROOT}/data"
PG_SOCKET_DIR="${PG_ROOT}/run"
PG_LOG="${PG_ROOT}/postgres.log"
PG_PASSWORD_FILE="${LIGHTNING_SERVICES_DIR}/postgres.password"
PG_ENV_FILE="${LIGHTNING_SERVICES_DIR}/postgres.env"

# initdb and postgres refuse to run as root: as root everything runs as the postgres OS user.
if [[ ${EUID} -eq 0 ]]; then
    PG_OS_USER=postgres
else
    PG_OS_USER="$(id -un)"
fi

pg_bin_dir() {
    local version
    version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "${version}" && -x "/usr/lib/postgresql/${version}/bin/initdb" ]] || return 1
    printf '/usr/lib/postgresql/%s/bin\n' "${version}"
}

# Runs a PostgreSQL tool as the cluster's OS user, from a directory that user can read.
as_pg() {
    if [[ ${EUID} -eq 0 ]]; then
        (cd "${PG_ROOT}" && runuser -u "${PG_OS_USER}" -- "$@")
    else
        (cd "${PG_ROOT}" && "$@")
    fi
}

is_running() {
    [[ -f "${PG_DATA}/PG_VERSION" ]] || return 1
    local bin
    bin="$(pg_bin_dir)" || return 1
    as_pg "${bin}/pg_ctl" status -D "${PG_DATA}" >/dev/null 2>&1
}

install_if_missing() {
    if ! pg_bin_dir >/dev/null; then
        ensure_packages postgresql
    fi
    pg_bin_dir >/dev/null || die "postgresql is installed but no /usr/lib/postgresql/*/bin/initdb was found"
}

prepare_dirs() {
    log "preparing ${PG_ROOT}"
    mkdir -p "${LIGHTNING_SERVICES_DIR}" "${PG_ROOT}" "${PG_SOCKET_DIR}"
    chmod 755 "${LIGHTNING_SERVICES_DIR}"
    chown "${PG_OS_USER}:" "${PG_ROOT}" "${PG_SOCKET_DIR}"
    chmod 700 "${PG_ROOT}" "${PG_SOCKET_DIR}"
    if [[ ${EUID} -eq 0 ]] && ! runuser -u "${PG_OS_USER}" -- test -x "${PG_ROOT}"; then
        die "user ${PG_OS_USER} cannot reach ${PG_ROOT}: choose a LIGHTNING_SERVICES_DIR whose parents are world-searchable"
    fi
}

init_cluster() {
    local bin=$1
    if [[ -f "${PG_DATA}/PG_VERSION" && -s "${PG_PASSWORD_FILE}" ]]; then
        log "cluster already initialised in ${PG_DATA}"
        return 0
    fi
    if [[ -e "${PG_DATA}" ]]; then
        log "removing incomplete cluster in ${PG_DATA}"
        rm -rf "${PG_DATA}"
    fi
    log "generating the password of superuser ${PG_USER} into ${PG_PASSWORD_FILE}"
    (umask 077 && random_hex 24 >"${PG_PASSWORD_FILE}")
    chmod 600 "${PG_PASSWORD_FILE}"

    # initdb reads the password from a file its OS user can read; it lives only for the duration of initdb.
    local pwfile="${PG_ROOT}/initdb.pw"
    (umask 077 && cat "${PG_PASSWORD_FILE}" >"${pwfile}")
    chown "${PG_OS_USER}:" "${pwfile}"
    log "initdb into ${PG_DATA} (superuser ${PG_USER}, scram-sha-256)"
    if ! as_pg "${bin}/initdb" --pgdata="${PG_DATA}" --username="${PG_USER}" --pwfile="${pwfile}" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
        >"${PG_ROOT}/initdb.log" 2>&1; then
        rm -f "${pwfile}"
        cat "${PG_ROOT}/initdb.log" >&2
        die "initdb failed (log above, also in ${PG_ROOT}/initdb.log)"
    fi
    rm -f "${pwfile}"
    # Per-start settings (port, socket dir) live in lightning.conf, rewritten on every start.
    printf "\ninclude_if_exists = 'lightning.conf'\n" >>"${PG_DATA}/postgresql.conf"
}

write_settings() {
    log "writing ${PG_DATA}/lightning.conf (127.0.0.1:${PG_PORT}, socket in ${PG_SOCKET_DIR})"
    cat >"${PG_DATA}/lightning.conf" <<EOF
# Written by scripts/services/postgres.sh on every start.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_SOCKET_DIR}'
max_connections = 200
# A throwaway test cluster: durability is traded for speed.
fsync = off
synchronous_commit = off
full_page_writes = off
# The monitoring module's query profiler reads pg_stat_statements (shipped in Debian's postgresql-NN package).
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
EOF
    chown "${PG_OS_USER}:" "${PG_DATA}/lightning.conf"
}

write_env() {
    local password
    password="$(cat "${PG_PASSWORD_FILE}")"
    (umask 077 && printf "export LIGHTNING_TEST_POSTGRES='Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=postgres'\n" \
        "${PG_PORT}" "${PG_USER}" "${password}" >"${PG_ENV_FILE}")
    chmod 600 "${PG_ENV_FILE}"
    log "wrote ${PG_ENV_FILE}"
}

start() {
    install_if_missing
    local bin
    bin="$(pg_bin_dir)"
    prepare_dirs
    if is_running && ! grep -q "pg_stat_statements" "${PG_DATA}/lightning.conf" 2>/dev/null; then
        # Started by an older version of this script: restart once so that pg_stat_statements is preloaded.
        write_settings
        log "restarting to load pg_stat_statements"
        as_pg "${bin}/pg_ctl" restart --pgdata="${PG_DATA}" --log="${PG_LOG}" --mode=fast --wait --timeout=60 >/dev/null \
            || die "pg_ctl restart failed (log ${PG_LOG})"
    elif is_running; then
        log "already running (${PG_DATA})"
    else
        init_cluster "${bin}"
        if port_in_use "${PG_PORT}"; then
            die "port ${PG_PORT} is already in use by another process: set LIGHTNING_PG_PORT"
        fi
        write_settings
        log "starting postgres $(basename "$(dirname "${bin}")") on 127.0.0.1:${PG_PORT} (log ${PG_LOG})"
        if ! as_pg "${bin}/pg_ctl" start --pgdata="${PG_DATA}" --log="${PG_LOG}" --wait --timeout=60 >/dev/null; then
            tail -n 30 "${PG_LOG}" >&2 || true
            die "pg_ctl start failed (log above, also in ${PG_LOG})"
        fi
    fi

    log "waiting for pg_isready on 127.0.0.1:${PG_PORT}"
    local i
    for ((i = 0; i < 60; i++)); do
        if "${bin}/pg_isready" -q -h 127.0.0.1 -p "${PG_PORT}" -t 1; then
            break
        fi
        sleep 0.5
    done
    if ! "${bin}/pg_isready" -q -h 127.0.0.1 -p "${PG_PORT}" -t 1; then
        tail -n 30 "${PG_LOG}" >&2 || true
        die "postgres did not answer pg_isready on 127.0.0.1:${PG_PORT} within 30 s (log ${PG_LOG})"
    fi

    log "checking a password login as ${PG_USER}"
    local answer
    answer="$(PGPASSWORD="$(cat "${PG_PASSWORD_FILE}")" "${bin}/psql" -X -q -A -t -w -h 127.0.0.1 -p "${PG_PORT}" \
        -U "${PG_USER}" -d postgres -c 'select 1' 2>&1)" || die "login as ${PG_USER} failed: ${answer}"
    [[ "${answer}" == 1 ]] || die "unexpected answer to 'select 1': ${answer}"

    # A cluster started before shared_preload_libraries was set keeps running without it: say so instead of failing later.
    log "creating the pg_stat_statements extension in database postgres"
    answer="$(PGPASSWORD="$(cat "${PG_PASSWORD_FILE}")" "${bin}/psql" -X -q -A -t -w -h 127.0.0.1 -p "${PG_PORT}" \
        -U "${PG_USER}" -d postgres -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c 'SELECT count(*) >= 0 FROM pg_stat_statements' 2>&1)" \
        || log "pg_stat_statements is not usable (restart the cluster to load it: $0 stop && $0 start): ${answer}"

    write_env
    log "ready on 127.0.0.1:${PG_PORT}"
}

stop() {
    if ! is_running; then
        log "not running"
        return 0
    fi
    log "stopping (pg_ctl stop -m fast)"
    as_pg "$(pg_bin_dir)/pg_ctl" stop --pgdata="${PG_DATA}" --mode=fast --wait --timeout=60 >/dev/null
    log "stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    if is_running; then
        log "running"
    else
        log "not running"
        exit 1
    fi
    ;;
env)
    [[ -f "${PG_ENV_FILE}" ]] || die "${PG_ENV_FILE} does not exist: run '$0 start' first"
    cat "${PG_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
