/**
 * The preStop hook of every Redis container (from the ConfigMap). Persistence is off, so a
 * primary that restarts would come back empty and its replicas would copy the empty dataset:
 * a rolling update would flush the cache shard by shard. A primary therefore first hands its
 * slots to a caught-up replica (CLUSTER FAILOVER from that replica), and restarts as a replica.
 */
// Escaped as a plain template literal: `\\` is one backslash, `\${` is a shell `${`.
export const REDIS_PRE_STOP_SCRIPT = `#!/usr/bin/env bash
# preStop hook (rendered by platform-compiler): a primary hands its slots to one of its
# replicas before it stops. Without persistence a primary that restarts comes back empty and
# its replicas then copy the empty dataset; handed over first, it restarts as a replica and
# copies the data back instead. The manual failover waits for the replica to catch up.
# Env: REDIS_PORT (default 6379), REDIS_FAILOVER_SECONDS (default 15), REDISCLI_AUTH (if any).
# Always exits 0: a failed hand-over must never keep the pod from stopping.
set -uo pipefail
PORT="\${REDIS_PORT:-6379}"
WAIT="\${REDIS_FAILOVER_SECONDS:-15}"
cli() { redis-cli -h "$1" -p "$2" "\${@:3}" 2>/dev/null | tr -d '\\r'; }
log() { echo "pre-stop: $*"; }

role=$(cli 127.0.0.1 "$PORT" ROLE | head -1)
[[ $role == master ]] || { log "not a primary (\${role:-no answer}): nothing to hand over"; exit 0; }
me=$(cli 127.0.0.1 "$PORT" CLUSTER MYID)
replica=$(cli 127.0.0.1 "$PORT" CLUSTER NODES \\
  | awk -v me="$me" '$4 == me && $3 ~ /slave/ && $3 !~ /fail/ && $8 == "connected" { a = $2; sub(/@.*/, "", a); print a; exit }')
[[ -n $replica ]] || { log "no connected replica: stopping as a primary"; exit 0; }
log "handing the slots to replica $replica"
cli "\${replica%:*}" "\${replica##*:}" CLUSTER FAILOVER >/dev/null
deadline=$(( SECONDS + WAIT ))
while (( SECONDS < deadline )); do
  if [[ $(cli 127.0.0.1 "$PORT" ROLE | head -1) == slave ]]; then log "now a replica of $replica"; exit 0; fi
  sleep 0.5
done
log "the hand-over did not finish within \${WAIT}s: stopping anyway"
exit 0
`;
