#!/usr/bin/env bash
# Start etcd + kube-apiserver on loopback and keep them running until Ctrl-C (or until
# the given command finishes). Prints the KUBECONFIG path.
#   bash conformance/start-apiserver.sh                  # interactive: stays up
#   bash conformance/start-apiserver.sh kubectl get ns   # runs a command against it, then stops
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$CONF_DIR/apiserver-lib.sh"

bash "$CONF_DIR/build-apiserver.sh"
trap conf_stop_cluster EXIT
trap 'exit 130' INT TERM
conf_start_cluster
echo "KUBECONFIG=$KUBECONFIG"
if (($#)); then
  "$@"
else
  log "running; press Ctrl-C to stop"
  while kill -0 "$CONF_APISERVER_PID" 2>/dev/null; do sleep 1; done
  die "kube-apiserver exited; see $CONF_STATE/apiserver.log"
fi
