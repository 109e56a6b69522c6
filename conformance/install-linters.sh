#!/usr/bin/env bash
# Install the manifest linters with `go install MODULE@VERSION` into $CONFORMANCE_CACHE/bin
# (as <tool>-<version>). Cached binaries are reused. A tool the module proxy refuses is
# reported as unavailable (the reason goes to $CONFORMANCE_CACHE/bin/<tool>.unavailable)
# and this script still exits 0; lint.sh decides what that means.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$CONF_BIN"
command -v go >/dev/null || die "go is required"

install_one() { # name module version
  local name="$1" module="$2" version="$3" out="$CONF_BIN/$1-$3" t0=$SECONDS tmp
  if [[ -x "$out" ]]; then log "cached: $out"; return 0; fi
  tmp="$(mktemp -d)"
  log "go install $module@$version"
  if GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "$module@$version" >"$tmp/log" 2>&1; then
    mv "$tmp/$(basename "$module")" "$out"
    rm -f "$CONF_BIN/$name.unavailable"
    log "installed $name $version in $((SECONDS - t0))s"
  else
    cp "$tmp/log" "$CONF_BIN/$name.unavailable"
    log "UNAVAILABLE: $name ($module@$version): $(grep -oE '[0-9]{3} [A-Za-z ]+|server response: .*|go: [^:]*$' "$tmp/log" | head -2 | tr '\n' ' ')"
  fi
  rm -rf "$tmp"
}

install_one kube-score  "$KUBE_SCORE_MODULE"  "$KUBE_SCORE_VERSION"
install_one kube-linter "$KUBE_LINTER_MODULE" "$KUBE_LINTER_VERSION"
install_one polaris     "$POLARIS_MODULE"     "$POLARIS_VERSION"
