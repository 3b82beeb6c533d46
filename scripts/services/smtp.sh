#!/usr/bin/env bash
# A local SMTP sink for the tests (aiosmtpd, Debian's python3-aiosmtpd): 127.0.0.1 only, accepts every message and
# writes each one as a file into a Maildir (aiosmtpd's own Mailbox handler: MAILDIR/new/<unique name>, with the
# envelope in X-MailFrom / X-RcptTo headers). Nothing is relayed anywhere.
#
#   scripts/services/smtp.sh start    install if missing, start, verify the SMTP greeting, write smtp.env
#   scripts/services/smtp.sh stop     stop it (fine when not running)
#   scripts/services/smtp.sh status   exit 0 when running
#   scripts/services/smtp.sh env      print smtp.env (LIGHTNING_TEST_SMTP_HOST, _PORT, _MAILDIR)
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_SMTP_PORT (default 8025).
set -euo pipefail

LOG_TAG=smtp
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SMTP_PORT="${LIGHTNING_SMTP_PORT:-8025}"
SMTP_DIR="${LIGHTNING_SERVICES_DIR}/smtp"
SMTP_MAILDIR="${SMTP_DIR}/maildir"
SMTP_PID_FILE="${SMTP_DIR}/smtp.pid"
SMTP_LOG="${SMTP_DIR}/smtp.log"
SMTP_ENV_FILE="${LIGHTNING_SERVICES_DIR}/smtp.env"

# The pid of our sink, when it runs (a stale pid file or a reused pid does not count).
running_pid() {
    [[ -s "${SMTP_PID_FILE}" ]] || return 1
    local pid
    pid="$(cat "${SMTP_PID_FILE}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q -- "-m aiosmtpd" || return 1
    printf '%s\n' "${pid}"
}

install_if_missing() {
    if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
        ensure_packages python3-aiosmtpd
    fi
    /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || die "aiosmtpd is missing after installing python3-aiosmtpd"
}

write_env() {
    (umask 077 && printf "export LIGHTNING_TEST_SMTP_HOST='127.0.0.1'\nexport LIGHTNING_TEST_SMTP_PORT='%s'\nexport LIGHTNING_TEST_SMTP_MAILDIR='%s'\n" \
        "${SMTP_PORT}" "${SMTP_MAILDIR}" >"${SMTP_ENV_FILE}")
    chmod 600 "${SMTP_ENV_FILE}"
    log "wrote ${SMTP_ENV_FILE}"
}

start() {
    install_if_missing
    mkdir -p "${SMTP_DIR}" "${SMTP_MAILDIR}/new" "${SMTP_MAILDIR}/cur" "${SMTP_MAILDIR}/tmp"
    if running_pid >/dev/null; then
        log "already running (pid $(running_pid))"
    else
        if port_in_use "${SMTP_PORT}"; then
            die "port ${SMTP_PORT} is already in use by another process: set LIGHTNING_SMTP_PORT"
        fi
        log "starting aiosmtpd on 127.0.0.1:${SMTP_PORT}, messages into ${SMTP_MAILDIR}/new (log ${SMTP_LOG})"
        # The system Python has the Debian package (a pyenv shim first on the PATH may not). -n: no setuid to nobody.
        setsid /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:${SMTP_PORT}" -c aiosmtpd.handlers.Mailbox "${SMTP_MAILDIR}" \
            </dev/null >"${SMTP_LOG}" 2>&1 &
        echo $! >"${SMTP_PID_FILE}"
    fi

    log "waiting for 127.0.0.1:${SMTP_PORT}"
    if ! wait_for_port "${SMTP_PORT}" 30; then
        tail -n 30 "${SMTP_LOG}" >&2 || true
        die "aiosmtpd did not accept connections on 127.0.0.1:${SMTP_PORT} within 30 s (log ${SMTP_LOG})"
    fi

    local greeting
    greeting="$(/usr/bin/python3 - "${SMTP_PORT}" <<'PY'
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as smtp:
    code, _ = smtp.noop()
    print(code)
PY
)" || die "the SMTP sink did not answer NOOP (log ${SMTP_LOG})"
    [[ "${greeting}" == 250 ]] || die "the SMTP sink answered NOOP with ${greeting} (log ${SMTP_LOG})"

    write_env
    log "ready on 127.0.0.1:${SMTP_PORT} (pid $(running_pid))"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "${SMTP_PID_FILE}"
        log "not running"
        return 0
    fi
    log "stopping pid ${pid}"
    terminate_pid "${pid}" 10
    rm -f "${SMTP_PID_FILE}"
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
    [[ -f "${SMTP_ENV_FILE}" ]] || die "${SMTP_ENV_FILE} does not exist: run '$0 start' first"
    cat "${SMTP_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
