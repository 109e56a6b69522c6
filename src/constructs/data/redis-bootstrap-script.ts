/**
 * The bootstrap script the Job runs (from the ConfigMap). It takes its peers from the
 * environment, so the same text forms a cluster of pods (DNS names) in Kubernetes and of
 * local processes (127.0.0.1:<port>) in the conformance test.
 *
 * It is idempotent by inspection, not by a marker: every node is asked for its state, and
 * - all nodes fresh (alone, no slots, no keys)  → `redis-cli --cluster create`, then verify;
 * - all nodes in one cluster of the wanted shape → nothing to do, exit 0;
 * - anything else (partly formed, formed differently, a node replaced by an empty one) →
 *   report what differs and exit 3, because re-creating would drop slots or data and
 *   reshaping (resharding, replacing a node) is an operator's decision.
 * Needs bash, redis-cli and getent (the Debian-based official redis image has all three).
 */
export const BOOTSTRAP_EXIT = { formed: 0, notReady: 1, badInput: 2, needsOperator: 3 } as const;

// Escaped as a plain template literal: `\\` is one backslash, `\${` is a shell `${`.
export const REDIS_BOOTSTRAP_SCRIPT = `#!/usr/bin/env bash
# Forms a Redis Cluster exactly once (rendered by platform-compiler).
# Env: REDIS_NODES               every node as host:port, space-separated
#      REDIS_SHARDS              primaries wanted
#      REDIS_REPLICAS_PER_SHARD  replicas wanted per primary
#      REDIS_WAIT_SECONDS        how long to wait for every node to answer (default 600)
#      REDIS_VERIFY_SECONDS      how long a formed cluster may take to settle (default 120)
#      REDISCLI_AUTH             password, if any; redis-cli reads it itself, so it is never
#                                on a command line
# Exit: 0 formed (now or before), 1 not ready yet (retry), 2 bad input,
#       3 a state this script will not change (partly formed / other shape): needs an operator.
set -euo pipefail

SLOTS=16384
die() { echo "bootstrap: $2" >&2; exit "$1"; }
log() { echo "bootstrap: $*"; }

[[ -n "\${REDIS_NODES:-}" ]] || die 2 "REDIS_NODES is empty"
[[ "\${REDIS_SHARDS:-}" =~ ^[1-9][0-9]*$ ]] || die 2 "REDIS_SHARDS must be a positive integer"
[[ "\${REDIS_REPLICAS_PER_SHARD:-}" =~ ^[0-9]+$ ]] || die 2 "REDIS_REPLICAS_PER_SHARD must be a non-negative integer"
WAIT_SECONDS="\${REDIS_WAIT_SECONDS:-600}"
VERIFY_SECONDS="\${REDIS_VERIFY_SECONDS:-120}"
read -r -a NODES <<<"$REDIS_NODES"
EXPECTED=$(( REDIS_SHARDS * (1 + REDIS_REPLICAS_PER_SHARD) ))
(( \${#NODES[@]} == EXPECTED )) \\
  || die 2 "REDIS_NODES lists \${#NODES[@]} nodes; $REDIS_SHARDS shards x (1 + $REDIS_REPLICAS_PER_SHARD) needs $EXPECTED"
# Failover needs a majority of primaries, and redis-cli refuses to create fewer than 3.
(( REDIS_SHARDS >= 3 )) || die 2 "a Redis Cluster needs at least 3 primaries, got $REDIS_SHARDS"

cli() { local addr=$1; shift; redis-cli -h "\${addr%:*}" -p "\${addr##*:}" "$@"; }

# host:port -> ip:port. CLUSTER MEET (sent by redis-cli --cluster create) takes IP addresses only.
resolve() {
  local host=\${1%:*} port=\${1##*:} ip
  if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then echo "$host:$port"; return 0; fi
  ip=$(getent hosts "$host" | awk '{ print $1; exit }') || true
  [[ -n $ip ]] && echo "$ip:$port"
}

info_field() { cli "$1" CLUSTER INFO | tr -d '\\r' | awk -F: -v key="$2" '$1 == key { print $2 }'; }

# 1. Every node resolves and answers PING (the headless Service publishes not-ready pods).
deadline=$(( SECONDS + WAIT_SECONDS ))
ADDRS=()
for node in "\${NODES[@]}"; do
  until addr=$(resolve "$node") && [[ "$(cli "$addr" PING 2>/dev/null)" == PONG ]]; do
    (( SECONDS < deadline )) || die 1 "$node did not answer PING within \${WAIT_SECONDS}s"
    sleep 2
  done
  ADDRS+=("$addr")
done
log "all $EXPECTED nodes answer"

# Prints one line per difference from the wanted cluster; prints nothing when it is formed.
problems() {
  local addr state assigned known view
  for addr in "\${ADDRS[@]}"; do
    state=$(info_field "$addr" cluster_state)
    assigned=$(info_field "$addr" cluster_slots_assigned)
    known=$(info_field "$addr" cluster_known_nodes)
    [[ $state == ok ]] || echo "$addr: cluster_state:$state"
    [[ $assigned == "$SLOTS" ]] || echo "$addr: cluster_slots_assigned:$assigned, want $SLOTS"
    [[ $known == "$EXPECTED" ]] || echo "$addr: cluster_known_nodes:$known, want $EXPECTED"
  done
  # The shape as the first node sees it; its member addresses must be exactly our nodes.
  view=$(cli "\${ADDRS[0]}" CLUSTER NODES | tr -d '\\r')
  awk -v want_primaries="$REDIS_SHARDS" -v want_replicas="$REDIS_REPLICAS_PER_SHARD" '
    NF == 0 { next }
    $3 ~ /fail|handshake|noaddr/ { print "node " $1 " is " $3 }
    $3 ~ /master/ && NF >= 9 { primaries[$1] = 1 }
    $3 ~ /slave/ { replicas[$4]++ }
    END {
      n = 0
      for (p in primaries) {
        n++
        if (replicas[p] + 0 != want_replicas) print "primary " p " has " replicas[p] + 0 " replicas, want " want_replicas
      }
      if (n != want_primaries) print n " primaries own slots, want " want_primaries
    }' <<<"$view"
  diff <(printf '%s\\n' "\${ADDRS[@]}" | sort) <(awk 'NF { a = $2; sub(/@.*/, "", a); print a }' <<<"$view" | sort) \\
    >/dev/null || echo "cluster members differ from REDIS_NODES"
}

# Polls problems() until it prints nothing or VERIFY_SECONDS pass; gossip takes a moment to settle.
settled() {
  local until_t=$(( SECONDS + VERIFY_SECONDS ))
  while :; do
    LAST_PROBLEMS=$(problems)
    [[ -z $LAST_PROBLEMS ]] && return 0
    (( SECONDS < until_t )) || return 1
    sleep 2
  done
}

fresh=0
for addr in "\${ADDRS[@]}"; do
  if [[ $(info_field "$addr" cluster_known_nodes) == 1 && $(info_field "$addr" cluster_slots_assigned) == 0 \\
        && $(cli "$addr" DBSIZE) == 0 ]]; then
    fresh=$(( fresh + 1 ))
  fi
done

if (( fresh == EXPECTED )); then
  log "all nodes are fresh: creating $REDIS_SHARDS primaries with $REDIS_REPLICAS_PER_SHARD replica(s) each"
  redis-cli --cluster create "\${ADDRS[@]}" --cluster-replicas "$REDIS_REPLICAS_PER_SHARD" --cluster-yes
  settled || die 1 "created, but not settled within \${VERIFY_SECONDS}s:"$'\\n'"$LAST_PROBLEMS"
  log "formed: $REDIS_SHARDS primaries x $REDIS_REPLICAS_PER_SHARD replica(s), $SLOTS slots"
  exit 0
fi

if (( fresh == 0 )) && settled; then
  log "already formed ($REDIS_SHARDS primaries x $REDIS_REPLICAS_PER_SHARD replica(s), $SLOTS slots): nothing to do"
  exit 0
fi

# Partly formed or shaped differently: say what differs and touch nothing.
if (( fresh > 0 )); then
  log "$fresh of $EXPECTED nodes are fresh, the others are not"
  LAST_PROBLEMS=$(problems)
fi
[[ -z \${LAST_PROBLEMS:-} ]] || sed 's/^/bootstrap: /' <<<"$LAST_PROBLEMS" >&2
die 3 "the cluster is neither fresh nor formed as wanted; not re-creating it (needs an operator)"
`;
