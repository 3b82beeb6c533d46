#!/usr/bin/env bash
# Chromium for the browser tests, driven through npm playwright-core with executablePath /usr/bin/chromium.
# Never `npx playwright install`: its browser download is not reachable here.
#
#   scripts/services/chromium.sh install   install Debian chromium when /usr/bin/chromium is missing
#   scripts/services/chromium.sh env       print export LIGHTNING_CHROMIUM=/usr/bin/chromium
set -euo pipefail

LOG_TAG=chromium
# shellcheck source=scripts/services/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHROMIUM=/usr/bin/chromium

install() {
    if [[ -x "${CHROMIUM}" ]]; then
        log "already installed: $("${CHROMIUM}" --version 2>/dev/null || echo "${CHROMIUM}")"
        return 0
    fi
    ensure_packages chromium
    [[ -x "${CHROMIUM}" ]] || die "${CHROMIUM} is missing after installing chromium"
    log "installed: $("${CHROMIUM}" --version 2>/dev/null || echo "${CHROMIUM}")"
}

case "${1:-}" in
install) install ;;
env) printf 'export LIGHTNING_CHROMIUM=%s\n' "${CHROMIUM}" ;;
*)
    echo "usage: $0 install|env" >&2
    exit 2
    ;;
esac
