#!/usr/bin/env bash
# Shared settings and helpers for the conformance scripts. Source it; do not run it.
# All pinned versions live here.

# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
CONF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CONF_DIR/.." && pwd)"

CONFORMANCE_CACHE="${CONFORMANCE_CACHE:-$HOME/.cache/platform-compiler-conformance}"
CONF_BIN="$CONFORMANCE_CACHE/bin"

# Kubernetes release built from the Go module proxy. kubectl on the dev machine is
# v1.32.x; kube-apiserver v1.33 is within the supported +/-1 minor skew.
K8S_VERSION="${K8S_VERSION:-v1.33.13}"
# etcd version pinned by k8s.io/kubernetes v1.33.x go.mod (go.etcd.io/etcd/*/v3 v3.5.21).
ETCD_VERSION="${ETCD_VERSION:-v3.5.21}"

# Linters (go install at these exact versions; see README.md "Linters").
# kube-score resolves through the module proxy. kube-linter and Polaris are refused by the
# proxy available here (HTTP 403 "This module version is not available" for every version
# and for @latest); install-linters.sh still tries them, and a binary given via
# KUBE_LINTER_BIN / POLARIS_BIN (or on PATH) is used if present.
KUBE_SCORE_MODULE="github.com/zegl/kube-score/cmd/kube-score"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
KUBE_LINTER_MODULE="golang.stackrox.io/kube-linter/cmd/kube-linter"
KUBE_LINTER_VERSION="${KUBE_LINTER_VERSION:-v0.7.6}"
# Polaris' go.mod says "module github.com/fairwindsops/polaris" (no /v10 suffix), so its
# v10 tags are not valid module versions: pin a commit (pseudo-version) instead.
POLARIS_MODULE="github.com/fairwindsops/polaris"
POLARIS_VERSION="${POLARIS_VERSION:-72aab89453167d7d19e9bdf72960be269781e092}"

# Build with the machine's Go; never let go download another toolchain.
export GOTOOLCHAIN=local
export GOFLAGS="${CONF_GOFLAGS:--buildvcs=false}"

log()  { printf '[conformance %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }

# kubectl: prefer the one on PATH, else the one we built.
kubectl_bin() {
  if [[ -n "${KUBECTL:-}" ]]; then echo "$KUBECTL"; return; fi
  if command -v kubectl >/dev/null 2>&1; then command -v kubectl; return; fi
  if [[ -x "$CONF_BIN/kubectl-$K8S_VERSION" ]]; then echo "$CONF_BIN/kubectl-$K8S_VERSION"; return; fi
  return 1
}

# Pick a free TCP port on 127.0.0.1.
free_port() {
  python3 - <<'PY' 2>/dev/null || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# The units that get checked, one per line: "<label>\t<mode>\t<path>".
#   cluster  : DIST/<platform>/<cluster>/ holding .yaml files (all files below it)
#   platform : DIST/<platform>/*.yaml     (files directly in the platform folder, e.g.
#              the Argo CD AppProject/ApplicationSet that points at the clusters)
conformance_units() {
  local dist="$1" p d
  [[ -d "$dist" ]] || return 0
  for p in "$dist"/*/; do
    [[ -d "$p" ]] || continue
    p="${p%/}"
    if find "$p" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) -print -quit | grep -q .; then
      printf '%s\tplatform\t%s\n' "${p#"$dist"/}" "$p"
    fi
    for d in "$p"/*/; do
      [[ -d "$d" ]] || continue
      d="${d%/}"
      if find "$d" -type f \( -name '*.yaml' -o -name '*.yml' \) -print -quit | grep -q .; then
        printf '%s\tcluster\t%s\n' "${d#"$dist"/}" "$d"
      fi
    done
  done
}

# unit_files MODE PATH -> the unit's YAML files, sorted, one per line.
unit_files() {
  local depth=()
  [[ "$1" == platform ]] && depth=(-maxdepth 1)
  find "$2" "${depth[@]}" -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort
}

# ---- more real tools (build-tools.sh) ----------------------------------------------
# istioctl from module istio.io/istio. The vendored Istio CRDs are tag 1.30.3 (commit
# 56df41f63e51), but Istio tags are not semver, so the proxy could only serve a pseudo-version
# of that commit, and the proxy here refuses it (403 "not available", also for 1.30.3,
# v1.30.3, release-1.30 and the bare hash). The only version it serves is @latest, this
# master pseudo-version; its analyzers read the same v1 networking/security APIs.
ISTIO_MODULE="istio.io/istio"
ISTIO_VERSION="${ISTIO_VERSION:-v0.0.0-20260827124520-eed52ebb66ad}"
# promtool from module github.com/prometheus/prometheus: v0.316.0 is Prometheus v3.16.0
# (Prometheus publishes its Go module as v0.<major*100+minor>.<patch>).
PROMETHEUS_MODULE="github.com/prometheus/prometheus"
PROMETHEUS_VERSION="${PROMETHEUS_VERSION:-v0.316.0}"
# Checkov from PyPI, in its own venv under the cache.
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
CHECKOV_VENV="$CONFORMANCE_CACHE/venv/checkov-$CHECKOV_VERSION"
ISTIOCTL_BIN="$CONF_BIN/istioctl-$ISTIO_VERSION"
# remove_all_sd: Prometheus' own build tag that leaves out every service-discovery plugin
# (AWS, Azure, GCE, Kubernetes, ...; plugins/*.go). `check rules` and `test rules` use none,
# and without them the cold build compiles a fraction of the packages.
PROMTOOL_TAGS="remove_all_sd"
PROMTOOL_BIN="$CONF_BIN/promtool-$PROMETHEUS_VERSION-$PROMTOOL_TAGS"
CHECKOV_BIN="$CHECKOV_VENV/bin/checkov"
