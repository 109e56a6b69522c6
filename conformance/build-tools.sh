#!/usr/bin/env bash
# Build istioctl and promtool from the Go module proxy, and install Checkov from PyPI
# into a venv, all under $CONFORMANCE_CACHE keyed by version. Cached ones are reused.
#
#   bash conformance/build-tools.sh [istioctl] [promtool] [checkov]   (default: all three)
#
# Each build is timed into $CONFORMANCE_CACHE/logs/build-<tool>-<version>.time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mkdir -p "$CONF_BIN" "$CONFORMANCE_CACHE/logs" "$CONFORMANCE_CACHE/venv"
now() { date +%s; }
record() { echo "$2" >"$CONFORMANCE_CACHE/logs/build-$1.time"; log "built $1 in $2s"; }

# go install MODULE/CMD@VERSION into a temp GOBIN, then move it to its versioned name,
# so an interrupted build never leaves a half-written binary under the cached name.
go_install_to() { # go_install_to DEST PKG@VERSION LDFLAGS [TAGS]
  local dest="$1" pkg="$2" ldflags="$3" tags="${4:-}" tmp
  command -v go >/dev/null || die "go is required (found none on PATH)"
  tmp="$(mktemp -d "$CONFORMANCE_CACHE/gobin.XXXXXX")"
  # -mod=mod: resolve through the module proxy, never a vendor folder.
  GOBIN="$tmp" CGO_ENABLED=0 GOFLAGS="$GOFLAGS -mod=mod" \
    go install -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" "$pkg" || { rm -rf "$tmp"; return 1; }
  mv "$tmp/$(basename "${pkg%@*}")" "$dest"
  rmdir "$tmp"
}

build_istioctl() {
  [[ -x "$ISTIOCTL_BIN" ]] && { log "cached: $ISTIOCTL_BIN"; return; }
  local t0 v="istio.io/istio/pkg/version"; t0=$(now)
  log "go install $ISTIO_MODULE/istioctl/cmd/istioctl@$ISTIO_VERSION (about 20 min cold on 2 cores) ..."
  go_install_to "$ISTIOCTL_BIN" "$ISTIO_MODULE/istioctl/cmd/istioctl@$ISTIO_VERSION" \
    "-s -w -X $v.buildVersion=$ISTIO_VERSION -X $v.buildGitRevision=${ISTIO_VERSION##*-} -X $v.buildStatus=Clean -X $v.buildTag=$ISTIO_VERSION"
  record "istioctl-$ISTIO_VERSION" $(( $(now) - t0 ))
}

build_promtool() {
  [[ -x "$PROMTOOL_BIN" ]] && { log "cached: $PROMTOOL_BIN"; return; }
  local t0 v="github.com/prometheus/common/version" pv; t0=$(now)
  # v0.316.0 -> 3.16.0, the version promtool prints.
  pv="$(echo "$PROMETHEUS_VERSION" | awk -F. '{m=substr($2,1); printf "%d.%d.%s", int(m/100), m%100, $3}')"
  log "go install -tags $PROMTOOL_TAGS $PROMETHEUS_MODULE/cmd/promtool@$PROMETHEUS_VERSION (Prometheus $pv) ..."
  go_install_to "$PROMTOOL_BIN" "$PROMETHEUS_MODULE/cmd/promtool@$PROMETHEUS_VERSION" \
    "-s -w -X $v.Version=$pv -X $v.Branch=release -X $v.Revision=$PROMETHEUS_VERSION -X $v.BuildUser=conformance -X $v.BuildDate=19700101-00:00:00" \
    "$PROMTOOL_TAGS"
  record "promtool-$PROMETHEUS_VERSION-$PROMTOOL_TAGS" $(( $(now) - t0 ))
}

build_checkov() {
  # The venv is complete only once .complete exists (pip may be interrupted half-way).
  [[ -x "$CHECKOV_BIN" && -f "$CHECKOV_VENV/.complete" ]] && { log "cached: $CHECKOV_VENV"; return; }
  local t0; t0=$(now)
  command -v python3 >/dev/null || die "python3 is required for Checkov (found none on PATH)"
  rm -rf "$CHECKOV_VENV"
  log "pip install checkov==$CHECKOV_VERSION into $CHECKOV_VENV ..."
  # A venv hard-codes its own path in its scripts, so it is created at its final path.
  python3 -m venv "$CHECKOV_VENV"
  "$CHECKOV_VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" \
    || { rm -rf "$CHECKOV_VENV"; die "pip install checkov==$CHECKOV_VERSION failed"; }
  touch "$CHECKOV_VENV/.complete"
  record "checkov-$CHECKOV_VERSION" $(( $(now) - t0 ))
}

main() {
  local start tools=("$@"); start=$(now)
  ((${#tools[@]})) || tools=(istioctl promtool checkov)
  for t in "${tools[@]}"; do
    case "$t" in
      istioctl) build_istioctl ;; promtool) build_promtool ;; checkov) build_checkov ;;
      *) die "unknown tool: $t" ;;
    esac
  done
  log "build-tools.sh done in $(( $(now) - start ))s"
}
main "$@"
