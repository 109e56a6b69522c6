#!/usr/bin/env bash
# Functions to run a throw-away etcd + kube-apiserver on loopback, envtest style.
# Source after lib.sh. Sets KUBECONFIG for the caller. Call conf_stop_cluster on exit.
#
#   conf_start_cluster     -> starts etcd + kube-apiserver, writes $CONF_STATE/kubeconfig,
#                             exports KUBECONFIG, waits for /readyz
#   conf_stop_cluster      -> kills both (by pid) and removes the state dir

CONF_STATE=""
CONF_ETCD_PID=""
CONF_APISERVER_PID=""

conf_stop_cluster() {
  local pid
  for pid in "$CONF_APISERVER_PID" "$CONF_ETCD_PID"; do
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  CONF_APISERVER_PID=""; CONF_ETCD_PID=""
  if [[ -n "$CONF_STATE" && -d "$CONF_STATE" && -z "${CONFORMANCE_KEEP_STATE:-}" ]]; then
    rm -rf "$CONF_STATE"
  fi
}

conf_start_cluster() {
  local apiserver="$CONF_BIN/kube-apiserver-$K8S_VERSION" etcd="$CONF_BIN/etcd-$ETCD_VERSION"
  [[ -x "$apiserver" ]] || die "missing $apiserver (run conformance/build-apiserver.sh)"
  [[ -x "$etcd" ]] || die "missing $etcd (run conformance/build-apiserver.sh)"
  command -v openssl >/dev/null || die "openssl is required"

  CONF_STATE="$(mktemp -d "${TMPDIR:-/tmp}/conformance-apiserver.XXXXXX")"
  local s="$CONF_STATE"
  mkdir -p "$s/etcd" "$s/certs"
  chmod 700 "$s/etcd"

  local etcd_port etcd_peer_port api_port
  etcd_port="$(free_port)"; etcd_peer_port="$(free_port)"; api_port="$(free_port)"
  while [[ "$etcd_peer_port" == "$etcd_port" ]]; do etcd_peer_port="$(free_port)"; done
  while [[ "$api_port" == "$etcd_port" || "$api_port" == "$etcd_peer_port" ]]; do api_port="$(free_port)"; done

  # Service-account signing key (RSA) and an admin bearer token in system:masters.
  openssl genrsa -out "$s/certs/sa.key" 2048 2>/dev/null
  openssl rsa -in "$s/certs/sa.key" -pubout -out "$s/certs/sa.pub" 2>/dev/null
  local token; token="$(openssl rand -hex 24)"
  printf '%s,conformance-admin,conformance-admin,"system:masters"\n' "$token" >"$s/certs/tokens.csv"

  log "starting etcd $ETCD_VERSION on 127.0.0.1:$etcd_port"
  "$etcd" --name conformance --data-dir "$s/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "conformance=http://127.0.0.1:$etcd_peer_port" \
    --unsafe-no-fsync --quota-backend-bytes=4294967296 \
    --log-level=warn >"$s/etcd.log" 2>&1 &
  CONF_ETCD_PID=$!


  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$etcd_port/health" >/dev/null 2>&1 && break
    kill -0 "$CONF_ETCD_PID" 2>/dev/null || { tail -20 "$s/etcd.log" >&2; die "etcd exited"; }
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$etcd_port/health" >/dev/null 2>&1 || { tail -20 "$s/etcd.log" >&2; die "etcd not healthy"; }

  log "starting kube-apiserver $K8S_VERSION on https://127.0.0.1:$api_port"
  # Flags modelled on controller-runtime envtest's defaults.
  "$apiserver" \
    --advertise-address=127.0.0.1 \
    --bind-address=127.0.0.1 \
    --secure-port="$api_port" \
    --cert-dir="$s/certs" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --token-auth-file="$s/certs/tokens.csv" \
    --authorization-mode=RBAC \
    --allow-privileged=true \
    --service-account-issuer="https://127.0.0.1:$api_port/" \
    --service-account-key-file="$s/certs/sa.pub" \
    --service-account-signing-key-file="$s/certs/sa.key" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --disable-admission-plugins=ServiceAccount \
    --enable-priority-and-fairness=false \
    --profiling=false \
    --v=1 >"$s/apiserver.log" 2>&1 &
  CONF_APISERVER_PID=$!

  cat >"$s/kubeconfig" <<KCFG
apiVersion: v1
kind: Config
clusters:
- name: conformance
  cluster:
    server: https://127.0.0.1:$api_port
    insecure-skip-tls-verify: true
users:
- name: conformance-admin
  user:
    token: $token
contexts:
- name: conformance
  context: {cluster: conformance, user: conformance-admin}
current-context: conformance
KCFG
  chmod 600 "$s/kubeconfig"
  export KUBECONFIG="$s/kubeconfig"

  local t0=$SECONDS
  for _ in $(seq 1 600); do
    if curl -ksf -H "Authorization: Bearer $token" "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then
      log "kube-apiserver ready after $((SECONDS - t0))s (state: $s)"
      return 0
    fi
    kill -0 "$CONF_APISERVER_PID" 2>/dev/null || { tail -40 "$s/apiserver.log" >&2; die "kube-apiserver exited"; }
    sleep 0.2
  done
  tail -40 "$s/apiserver.log" >&2
  die "kube-apiserver not ready after 120s"
}
