#!/usr/bin/env bash
# A private RabbitMQ node for the tests: 127.0.0.1 only, its own node name, ports, epmd, Erlang cookie, data and
# logs under $LIGHTNING_SERVICES_DIR/rabbitmq, one user with a generated password. The system service of the
# Debian package (rabbit@HOST on 5672, epmd on 4369) is never started or touched.
#
#   scripts/services/rabbitmq.sh start    install if missing, start, wait, create the user, write rabbitmq.env
#   scripts/services/rabbitmq.sh stop     stop it and its epmd (fine when not running)
#   scripts/services/rabbitmq.sh status   exit 0 when running
#   scripts/services/rabbitmq.sh restart  stop and start the broker application inside the running node (clients are
#                                         disconnected; durable queues and persistent messages must survive it)
#   scripts/services/rabbitmq.sh env      print rabbitmq.env (export LIGHTNING_TEST_RABBITMQ=amqp://...)
#
# Settings: LIGHTNING_SERVICES_DIR (default /tmp/lightning-services), LIGHTNING_RABBITMQ_PORT (AMQP, default 5673);
# the Erlang distribution listens on AMQP port + 20000 and the private epmd on LIGHTNING_RABBITMQ_EPMD_PORT
# (default 4370), both on 127.0.0.1.
set -euo pipefail

LOG_TAG=rabbitmq
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

RMQ_PORT="${LIGHTNING_RABBITMQ_PORT:-5673}"
RMQ_DIST_PORT=$((RMQ_PORT + 20000))
RMQ_EPMD_PORT="${LIGHTNING_RABBITMQ_EPMD_PORT:-4370}"
RMQ_USER=lightning
RMQ_NODENAME="lightning-${RMQ_PORT}@localhost"
RMQ_ROOT="${LIGHTNING_SERVICES_DIR}/rabbitmq"
RMQ_HOME="${RMQ_ROOT}/home"
RMQ_LOG="${RMQ_ROOT}/rabbitmq-server.log"
RMQ_PID_FILE="${RMQ_ROOT}/rabbitmq.pid"
RMQ_PASSWORD_FILE="${LIGHTNING_SERVICES_DIR}/rabbitmq.password"
RMQ_ENV_FILE="${LIGHTNING_SERVICES_DIR}/rabbitmq.env"
# The package's /usr/sbin wrappers switch to the rabbitmq user through su, which resets HOME (the cookie):
# the real scripts are called directly, as the invoking user.
RMQ_BIN=/usr/lib/rabbitmq/bin

# Everything the node and the CLI tools read: the same variables for both, so rabbitmqctl finds the node
# (node name, epmd port) and authenticates (the cookie in the private HOME).
rmq_env() {
    export HOME="${RMQ_HOME}"
    export RABBITMQ_NODENAME="${RMQ_NODENAME}"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="${RMQ_PORT}"
    export RABBITMQ_DIST_PORT="${RMQ_DIST_PORT}"
    export RABBITMQ_MNESIA_BASE="${RMQ_ROOT}/mnesia"
    export RABBITMQ_LOG_BASE="${RMQ_ROOT}/log"
    export RABBITMQ_CONFIG_FILE="${RMQ_ROOT}/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="${RMQ_ROOT}/advanced.config"
    export RABBITMQ_CONF_ENV_FILE="${RMQ_ROOT}/rabbitmq-env.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="${RMQ_ROOT}/enabled_plugins"
    export RABBITMQ_PID_FILE="${RMQ_PID_FILE}"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export ERL_EPMD_PORT="${RMQ_EPMD_PORT}"
    export ERL_EPMD_ADDRESS=127.0.0.1
}

# rabbitmqctl against the private node, bounded: ctl SECONDS ARGS...
ctl() {
    local seconds=$1
    shift
    (rmq_env && timeout --kill-after=5 "${seconds}" "${RMQ_BIN}/rabbitmqctl" -q -n "${RMQ_NODENAME}" "$@")
}

node_pid() {
    local pid
    [[ -s "${RMQ_PID_FILE}" ]] || return 1
    pid="$(tr -d ' \n' <"${RMQ_PID_FILE}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null || return 1
    # A stale pid file (node killed, pid reused) must never make us signal someone else's process.
    tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qF -- "-home ${RMQ_HOME} " || return 1
    printf '%s\n' "${pid}"
}

is_running() {
    node_pid >/dev/null && ctl 30 ping >/dev/null 2>&1
}

install_if_missing() {
    if [[ -x "${RMQ_BIN}/rabbitmq-server" ]]; then
        return 0
    fi
    ensure_packages rabbitmq-server
    [[ -x "${RMQ_BIN}/rabbitmq-server" ]] || die "rabbitmq-server is installed but ${RMQ_BIN}/rabbitmq-server is missing"
    # Where systemd runs, the package enables and starts its own node: not ours, and not needed.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet rabbitmq-server 2>/dev/null; then
        log "disabling the system rabbitmq-server service (this script runs a private node)"
        as_root systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true
    fi
}

prepare_dirs() {
    log "preparing ${RMQ_ROOT}"
    mkdir -p "${LIGHTNING_SERVICES_DIR}" "${RMQ_ROOT}" "${RMQ_HOME}" "${RMQ_ROOT}/mnesia" "${RMQ_ROOT}/log"
    chmod 700 "${RMQ_ROOT}" "${RMQ_HOME}"
    # The Erlang cookie is the node's admin credential: private to this node, generated once.
    if [[ ! -s "${RMQ_HOME}/.erlang.cookie" ]]; then
        (umask 077 && random_hex 20 | tr 'a-f' 'A-F' >"${RMQ_HOME}/.erlang.cookie")
    fi
    chmod 400 "${RMQ_HOME}/.erlang.cookie"
    : >"${RMQ_ROOT}/rabbitmq-env.conf"
    printf '[].\n' >"${RMQ_ROOT}/enabled_plugins"
    cat >"${RMQ_ROOT}/rabbitmq.conf" <<EOF
# Written by scripts/services/rabbitmq.sh on every start.
listeners.tcp.1 = 127.0.0.1:${RMQ_PORT}
loopback_users.guest = true
# A test node on a small disk: do not block publishers at the default 50 MB free-disk alarm.
disk_free_limit.absolute = 10MB
log.file.level = info
log.console = false
EOF
}

ensure_user() {
    if [[ ! -s "${RMQ_PASSWORD_FILE}" ]]; then
        log "generating the password of ${RMQ_USER} into ${RMQ_PASSWORD_FILE}"
        (umask 077 && random_hex 24 >"${RMQ_PASSWORD_FILE}")
    fi
    chmod 600 "${RMQ_PASSWORD_FILE}"
    local password
    password="$(cat "${RMQ_PASSWORD_FILE}")"
    if ctl 30 list_users | awk '{print $1}' | grep -qx "${RMQ_USER}"; then
        ctl 30 change_password "${RMQ_USER}" "${password}" >/dev/null
    else
        log "creating user ${RMQ_USER}"
        ctl 30 add_user "${RMQ_USER}" "${password}" >/dev/null
    fi
    ctl 30 set_user_tags "${RMQ_USER}" administrator >/dev/null
    ctl 30 set_permissions -p / "${RMQ_USER}" '.*' '.*' '.*' >/dev/null
    if ctl 30 list_users | awk '{print $1}' | grep -qx guest; then
        ctl 30 delete_user guest >/dev/null
    fi
}

write_env() {
    local password
    password="$(cat "${RMQ_PASSWORD_FILE}")"
    (umask 077 && printf "export LIGHTNING_TEST_RABBITMQ='amqp://%s:%s@127.0.0.1:%s/'\n" \
        "${RMQ_USER}" "${password}" "${RMQ_PORT}" >"${RMQ_ENV_FILE}")
    chmod 600 "${RMQ_ENV_FILE}"
    log "wrote ${RMQ_ENV_FILE}"
}

start() {
    install_if_missing
    if is_running; then
        log "already running (${RMQ_NODENAME}, 127.0.0.1:${RMQ_PORT})"
    else
        prepare_dirs
        # A node that is alive but does not answer (half started, wrong cookie) is stopped before a fresh start.
        if node_pid >/dev/null; then
            log "a node is alive but does not answer: stopping it first"
            stop
        fi
        local port
        for port in "${RMQ_PORT}" "${RMQ_DIST_PORT}"; do
            if port_in_use "${port}"; then
                die "port ${port} is already in use by another process: set LIGHTNING_RABBITMQ_PORT"
            fi
        done
        rm -f "${RMQ_PID_FILE}"
        log "starting ${RMQ_NODENAME} on 127.0.0.1:${RMQ_PORT} (log ${RMQ_LOG})"
        (rmq_env && cd "${RMQ_ROOT}" && exec setsid "${RMQ_BIN}/rabbitmq-server" >"${RMQ_LOG}" 2>&1 </dev/null) &
        local launcher=$!

        log "waiting for the node to boot (rabbitmqctl await_startup, at most 90 s)"
        local started=0 deadline=$((SECONDS + 90))
        while ((SECONDS < deadline)); do
            if ctl 10 await_startup --timeout 2 >/dev/null 2>&1; then
                started=1
                break
            fi
            if ! kill -0 "${launcher}" 2>/dev/null; then
                break
            fi
            sleep 1
        done
        if [[ ${started} -ne 1 ]]; then
            tail -n 30 "${RMQ_LOG}" >&2 || true
            stop || true
            # Booted too little to write its pid file: the launcher script forwards SIGTERM to the Erlang VM.
            kill -TERM "${launcher}" 2>/dev/null || true
            die "the node did not start within 90 s (log above, also in ${RMQ_LOG} and ${RMQ_ROOT}/log)"
        fi
    fi

    ensure_user
    wait_for_port "${RMQ_PORT}" 10 || die "the node runs but 127.0.0.1:${RMQ_PORT} does not accept connections"
    write_env
    log "ready on 127.0.0.1:${RMQ_PORT}"
}

stop() {
    local pid
    if pid="$(node_pid)"; then
        log "stopping ${RMQ_NODENAME} (pid ${pid})"
        # rabbitmqctl stop with the pid file returns once that process has exited.
        ctl 60 stop "${RMQ_PID_FILE}" >/dev/null 2>&1 || true
        local i
        if kill -0 "${pid}" 2>/dev/null; then
            log "the node is still alive: SIGTERM"
            kill -TERM "${pid}" 2>/dev/null || true
            for ((i = 0; i < 20; i++)); do
                kill -0 "${pid}" 2>/dev/null || break
                sleep 0.5
            done
        fi
        if kill -0 "${pid}" 2>/dev/null; then
            log "the node is still alive: SIGKILL"
            kill -KILL "${pid}" 2>/dev/null || true
        fi
        rm -f "${RMQ_PID_FILE}"
        log "stopped"
    else
        log "not running"
    fi
    # The private epmd outlives the node; it serves no other node, so it goes too.
    if port_in_use "${RMQ_EPMD_PORT}"; then
        (rmq_env && epmd -port "${RMQ_EPMD_PORT}" -kill >/dev/null 2>&1) || true
    fi
}

restart_app() {
    is_running || die "not running: run '$0 start' first"
    log "restarting the broker application (stop_app, start_app)"
    ctl 60 stop_app >/dev/null
    ctl 60 start_app >/dev/null
    ctl 60 await_startup --timeout 50 >/dev/null
    wait_for_port "${RMQ_PORT}" 10 || die "127.0.0.1:${RMQ_PORT} does not accept connections after the restart"
    log "ready on 127.0.0.1:${RMQ_PORT}"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
restart) restart_app ;;
status)
    if is_running; then
        log "running (${RMQ_NODENAME}, 127.0.0.1:${RMQ_PORT})"
    else
        log "not running"
        exit 1
    fi
    ;;
env)
    [[ -f "${RMQ_ENV_FILE}" ]] || die "${RMQ_ENV_FILE} does not exist: run '$0 start' first"
    cat "${RMQ_ENV_FILE}"
    ;;
*)
    echo "usage: $0 start|stop|status|restart|env" >&2
    exit 2
    ;;
esac
