#!/usr/bin/env bash
# A private OpenSSH server for the tests: 127.0.0.1 only, key auth only, its own host key, client key,
# authorized_keys, known_hosts and config under $LIGHTNING_SERVICES_DIR/sshd. The system sshd is never touched.
#
#   scripts/services/sshd.sh start    install if missing, generate keys once, start, verify a real login, write sshd.env
#   scripts/services/sshd.sh stop     stop it (fine when not running)
#   scripts/services/sshd.sh status   exit 0 when running
#   scripts/services/sshd.sh env      print sshd.env (export LIGHTNING_TEST_SSH_HOST=... _PORT _USER _KEY _KNOWN_HOSTS)
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_SSH_PORT (default 52222).
set -euo pipefail

LOG_TAG=sshd
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SSH_PORT="${LIGHTNING_SSH_PORT:-52222}"
SSH_USER="$(id -un)"
SSH_DIR="${LIGHTNING_SERVICES_DIR}/sshd"
SSH_CONFIG="${SSH_DIR}/sshd_config"
SSH_HOST_KEY="${SSH_DIR}/ssh_host_ed25519_key"
SSH_CLIENT_KEY="${SSH_DIR}/id_ed25519"
SSH_AUTHORIZED_KEYS="${SSH_DIR}/authorized_keys"
SSH_KNOWN_HOSTS="${SSH_DIR}/known_hosts"
SSH_PID_FILE="${SSH_DIR}/sshd.pid"
SSH_LOG="${SSH_DIR}/sshd.log"
SSH_ENV_FILE="${LIGHTNING_SERVICES_DIR}/sshd.env"

# The pid of our sshd, when it runs (a stale pid file or a reused pid does not count).
running_pid() {
    [[ -s "${SSH_PID_FILE}" ]] || return 1
    local pid
    pid="$(cat "${SSH_PID_FILE}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    [[ "$(cat "/proc/${pid}/comm" 2>/dev/null || true)" == sshd ]] || return 1
    printf '%s\n' "${pid}"
}

install_if_missing() {
    if [[ ! -x /usr/sbin/sshd ]] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
        ensure_packages openssh-server openssh-client
    fi
    [[ -x /usr/sbin/sshd ]] || die "/usr/sbin/sshd is missing after installing openssh-server"
}

generate_files() {
    mkdir -p "${SSH_DIR}"
    chmod 700 "${SSH_DIR}"
    if [[ ! -s "${SSH_HOST_KEY}" || ! -s "${SSH_HOST_KEY}.pub" ]]; then
        log "generating the ed25519 host key ${SSH_HOST_KEY}"
        rm -f "${SSH_HOST_KEY}" "${SSH_HOST_KEY}.pub"
        ssh-keygen -q -t ed25519 -N '' -C lightning-test-host -f "${SSH_HOST_KEY}"
    fi
    if [[ ! -s "${SSH_CLIENT_KEY}" || ! -s "${SSH_CLIENT_KEY}.pub" ]]; then
        log "generating the ed25519 client key ${SSH_CLIENT_KEY} (no passphrase)"
        rm -f "${SSH_CLIENT_KEY}" "${SSH_CLIENT_KEY}.pub"
        ssh-keygen -q -t ed25519 -N '' -C lightning-test-client -f "${SSH_CLIENT_KEY}"
    fi
    chmod 600 "${SSH_HOST_KEY}" "${SSH_CLIENT_KEY}"

    log "writing ${SSH_AUTHORIZED_KEYS}, ${SSH_KNOWN_HOSTS} and ${SSH_CONFIG} (port ${SSH_PORT})"
    cp "${SSH_CLIENT_KEY}.pub" "${SSH_AUTHORIZED_KEYS}"
    chmod 600 "${SSH_AUTHORIZED_KEYS}"
    # "[host]:port keytype base64", straight from the host public key (no ssh-keyscan race).
    local key_type key_data
    read -r key_type key_data _ <"${SSH_HOST_KEY}.pub"
    printf '[127.0.0.1]:%s %s %s\n' "${SSH_PORT}" "${key_type}" "${key_data}" >"${SSH_KNOWN_HOSTS}"
    chmod 644 "${SSH_KNOWN_HOSTS}"

    cat >"${SSH_CONFIG}" <<EOF
# Written by scripts/services/sshd.sh on every start.
ListenAddress 127.0.0.1
Port ${SSH_PORT}
HostKey ${SSH_HOST_KEY}
PidFile ${SSH_PID_FILE}
AuthorizedKeysFile ${SSH_AUTHORIZED_KEYS}
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowUsers ${SSH_USER}
PrintMotd no
X11Forwarding no
# Tests open many sessions in parallel.
MaxStartups 100:30:200
MaxSessions 100
Subsystem sftp internal-sftp
EOF
    chmod 600 "${SSH_CONFIG}"
}

verify_login() {
    ssh -F /dev/null -i "${SSH_CLIENT_KEY}" -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=10 \
        -o UserKnownHostsFile="${SSH_KNOWN_HOSTS}" -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes \
        -o LogLevel=ERROR -p "${SSH_PORT}" "${SSH_USER}@127.0.0.1" true
}

write_env() {
    printf 'export LIGHTNING_TEST_SSH_HOST=127.0.0.1 LIGHTNING_TEST_SSH_PORT=%s LIGHTNING_TEST_SSH_USER=%s LIGHTNING_TEST_SSH_KEY=%s LIGHTNING_TEST_SSH_KNOWN_HOSTS=%s\n' \
        "${SSH_PORT}" "${SSH_USER}" "${SSH_CLIENT_KEY}" "${SSH_KNOWN_HOSTS}" >"${SSH_ENV_FILE}"
    log "wrote ${SSH_ENV_FILE}"
}

start() {
    install_if_missing
    mkdir -p "${LIGHTNING_SERVICES_DIR}"
    if running_pid >/dev/null; then
        log "already running (pid $(running_pid))"
        [[ -s "${SSH_KNOWN_HOSTS}" && -s "${SSH_CLIENT_KEY}" ]] || die "running but its keys are gone: run '$0 stop' then '$0 start'"
    else
        generate_files
        if port_in_use "${SSH_PORT}"; then
            die "port ${SSH_PORT} is already in use by another process: set LIGHTNING_SSH_PORT"
        fi
        # Privilege separation directory that sshd insists on.
        as_root mkdir -p /run/sshd
        as_root chmod 755 /run/sshd
        log "checking the config (sshd -t)"
        /usr/sbin/sshd -t -f "${SSH_CONFIG}" || die "sshd rejected ${SSH_CONFIG}"
        log "starting /usr/sbin/sshd on 127.0.0.1:${SSH_PORT} (log ${SSH_LOG})"
        rm -f "${SSH_PID_FILE}"
        /usr/sbin/sshd -f "${SSH_CONFIG}" -E "${SSH_LOG}"
    fi

    log "waiting for 127.0.0.1:${SSH_PORT}"
    if ! wait_for_port "${SSH_PORT}" 30; then
        tail -n 30 "${SSH_LOG}" >&2 || true
        die "sshd did not accept connections on 127.0.0.1:${SSH_PORT} within 30 s (log ${SSH_LOG})"
    fi

    log "verifying a real login: ssh ${SSH_USER}@127.0.0.1 -p ${SSH_PORT} true"
    if ! verify_login; then
        tail -n 30 "${SSH_LOG}" >&2 || true
        die "ssh login with ${SSH_CLIENT_KEY} failed (log ${SSH_LOG})"
    fi

    write_env
    log "ready on 127.0.0.1:${SSH_PORT} (pid $(running_pid))"
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "${SSH_PID_FILE}"
        log "not running"
        return 0
    fi
    log "stopping pid ${pid}"
    terminate_pid "${pid}" 5
    rm -f "${SSH_PID_FILE}"
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
    [[ -f "${SSH_ENV_FILE}" ]] || die "${SSH_ENV_FILE} does not exist: run '$0 start' first"
    cat "${SSH_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
