#!/usr/bin/env bash
# Install the Debian packages the data-tier checks (conformance/data/*.sh) run real servers
# from: redis-server, postgresql and rabbitmq-server. Idempotent: packages already installed are left alone
# and apt is not touched at all when nothing is missing.
#
#   bash conformance/install-system-packages.sh
#
# Needs root (or passwordless sudo) only when something is missing. The daemons are not
# started: the data checks start their own throw-away servers on loopback.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACKAGES=(redis-server postgresql rabbitmq-server)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  log "system packages present: ${PACKAGES[*]}"
  exit 0
fi
command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get here: install them with your package manager"

SUDO=()
if ((EUID != 0)); then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null \
    || die "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (this script needs root to do it)"
  SUDO=(sudo -n)
fi

# Keep the packages' init scripts from starting system-wide daemons (policy-rc.d exit 101
# = "action forbidden", see invoke-rc.d(8)), unless the machine already has a policy.
POLICY=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e "$POLICY" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"; own_policy=1
fi
cleanup() { ((own_policy)) && "${SUDO[@]}" rm -f "$POLICY"; true; }
trap cleanup EXIT

log "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
for p in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || die "$p did not install"
done
log "installed: ${missing[*]}"
