#!/usr/bin/env bash
# Proof on real parts for the RedisCluster construct.
#
#   bash conformance/data/redis-cluster.sh [SHARDS] [REPLICAS_PER_SHARD]   (default 3 1: six processes)
#
# Renders the construct (conformance/data/render-redis.ts), starts SHARDS x (1 + REPLICAS)
# real redis-server processes with the RENDERED redis.conf and the rendered server args
# (auth), overriding on the command line only port, dir and bind (127.0.0.1: this machine
# is shared), runs the RENDERED bootstrap script against them with 127.0.0.1:<port> peers,
# and checks with CLUSTER INFO / CLUSTER NODES that the cluster has the wanted shape. Then
# runs the bootstrap again (must change nothing), runs the rendered preStop hook on a primary
# and restarts it (no key may be lost), and breaks the cluster on purpose (one node reset to
# empty) to show the bootstrap reports it instead of re-creating.
# Prints "ok - <check>" / "not ok - <check>"; exits non-zero on any failure.
# Needs: redis-server and redis-cli (Debian: apt-get install -y redis-server), node, python3.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
SHARDS="${1:-3}"
REPLICAS="${2:-1}"
PASS="conformance-$$-$RANDOM"   # a throwaway password, only to prove auth is wired through

PASSED=0; FAILED=0
ok()     { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $1"; [[ -z "${2:-}" ]] || sed 's/^/#   /' <<<"$2"; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

for tool in redis-server redis-cli node python3; do
  command -v "$tool" >/dev/null || { echo "not ok - $tool is installed (apt-get install -y redis-server)"; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/redis-conformance.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- render ------------------------------------------------------------------------
(cd "$REPO_ROOT" && node -r ts-node/register/transpile-only conformance/data/render-redis.ts "$WORK/rendered" "$SHARDS" "$REPLICAS")
# shellcheck disable=SC1091
source "$WORK/rendered/bootstrap.env"   # REDIS_SHARDS, REDIS_REPLICAS_PER_SHARD, POD_COUNT, JOB_COMMAND
check "rendered StatefulSet has shards x (1 + replicas) = $((SHARDS * (1 + REPLICAS))) pods (got $POD_COUNT)" \
  test "$POD_COUNT" -eq $((SHARDS * (1 + REPLICAS)))
check "rendered Job runs 'bash /scripts/bootstrap.sh'" test "$JOB_COMMAND" = "bash /scripts/bootstrap.sh"
check "rendered bootstrap script parses (bash -n)" bash -n "$WORK/rendered/bootstrap.sh"
check "rendered preStop hook runs 'bash /scripts/pre-stop.sh'" test "$PRE_STOP_COMMAND" = "bash /scripts/pre-stop.sh"
PRE_STOP_COMMAND_LOCAL="bash $WORK/rendered/pre-stop.sh"
MAXMEMORY="$(awk '$1 == "maxmemory" { print $2 }' "$WORK/rendered/redis.conf")"
POLICY="$(awk '$1 == "maxmemory-policy" { print $2 }' "$WORK/rendered/redis.conf")"
# The rendered args, with $(REDISCLI_AUTH) expanded as the kubelet would.
mapfile -t SERVER_ARGS < <(sed "s/\$(REDISCLI_AUTH)/$PASS/g" "$WORK/rendered/server-args.txt")
check "rendered server args name the data dir (--dir /data)" grep -qx -- '--dir' "$WORK/rendered/server-args.txt"

# ---- start the nodes ---------------------------------------------------------------
# Each node needs its port and port + 10000 (the cluster bus) free on 127.0.0.1.
mapfile -t PORTS < <(python3 - "$POD_COUNT" <<'PY'
import random, socket, sys
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
want, found = int(sys.argv[1]), []
for p in random.sample(range(20000, 30000), 2000):
    if free(p) and free(p + 10000) and not any(abs(p - q) == 10000 for q in found):
        found.append(p)
        if len(found) == want: break
print("\n".join(map(str, found)))
PY
)
(( ${#PORTS[@]} == POD_COUNT )) || { echo "not ok - found $POD_COUNT free port pairs"; exit 1; }

start_node() { # index
  local i=$1 dir="$WORK/node-$1" args=() j
  mkdir -p "$dir"
  # The rendered args, with the value of --dir replaced (Redis changes into dir as it parses,
  # so a second --dir after a missing /data would come too late).
  for ((j = 0; j < ${#SERVER_ARGS[@]}; j++)); do
    if [[ ${SERVER_ARGS[j]} == --dir ]]; then args+=(--dir "$dir"); j=$((j + 1)); else args+=("${SERVER_ARGS[j]}"); fi
  done
  redis-server "$WORK/rendered/redis.conf" "${args[@]}" --port "${PORTS[$i]}" --bind 127.0.0.1 >"$dir/redis.log" 2>&1 &
  PIDS+=($!)
}
for ((i = 0; i < POD_COUNT; i++)); do start_node "$i"; done

rc() { REDISCLI_AUTH="$PASS" redis-cli -h 127.0.0.1 -p "$1" "${@:2}" | tr -d '\r'; }
up=0
for ((t = 0; t < 50; t++)); do
  up=0; for p in "${PORTS[@]}"; do [[ "$(rc "$p" PING 2>/dev/null)" == PONG ]] && up=$((up + 1)); done
  ((up == POD_COUNT)) && break; sleep 0.2
done
if ((up == POD_COUNT)); then ok "$POD_COUNT redis-server processes answer PING with the rendered redis.conf"
else not_ok "$POD_COUNT redis-server processes answer PING with the rendered redis.conf ($up up)" "$(tail -5 "$WORK/node-0/redis.log")"; exit 1; fi
check "rendered maxmemory is in effect ($MAXMEMORY bytes)" test "$(rc "${PORTS[0]}" CONFIG GET maxmemory | sed -n 2p)" = "$MAXMEMORY"
check "rendered maxmemory-policy is in effect ($POLICY)" test "$(rc "${PORTS[0]}" CONFIG GET maxmemory-policy | sed -n 2p)" = "$POLICY"
check "cluster-enabled from the rendered config" test "$(rc "${PORTS[0]}" CONFIG GET cluster-enabled | sed -n 2p)" = "yes"
check "rendered auth args are in effect (a client without the password is refused)" \
  bash -c "redis-cli -h 127.0.0.1 -p ${PORTS[0]} PING 2>&1 | grep -q NOAUTH"

# ---- bootstrap ---------------------------------------------------------------------
NODES=""; for p in "${PORTS[@]}"; do NODES+="127.0.0.1:$p "; done
bootstrap() { # runs the rendered script as the Job would; prints its output, returns its exit code
  REDIS_NODES="$NODES" REDIS_SHARDS="$REDIS_SHARDS" REDIS_REPLICAS_PER_SHARD="$REDIS_REPLICAS_PER_SHARD" \
    REDIS_WAIT_SECONDS=30 REDIS_VERIFY_SECONDS=30 REDISCLI_AUTH="$PASS" \
    timeout 180 bash "$WORK/rendered/bootstrap.sh" "$@" >"$WORK/bootstrap.out" 2>&1
}
set +e; bootstrap; code=$?; set -e
if ((code == 0)); then ok "first bootstrap run forms the cluster (exit 0)"; else not_ok "first bootstrap run forms the cluster (exit $code)" "$(tail -20 "$WORK/bootstrap.out")"; fi

# ---- shape -------------------------------------------------------------------------
states=""; for p in "${PORTS[@]}"; do states+="$(rc "$p" CLUSTER INFO | awk -F: '$1 == "cluster_state" { print $2 }') "; done
check "cluster_state:ok on all $POD_COUNT nodes" test "$(tr ' ' '\n' <<<"$states" | grep -c '^ok$')" -eq "$POD_COUNT"
INFO="$(rc "${PORTS[0]}" CLUSTER INFO)"
field() { awk -F: -v k="$1" '$1 == k { print $2 }' <<<"$INFO"; }
check "cluster_slots_assigned:16384" test "$(field cluster_slots_assigned)" = 16384
check "cluster_slots_ok:16384" test "$(field cluster_slots_ok)" = 16384
check "cluster_known_nodes:$POD_COUNT" test "$(field cluster_known_nodes)" = "$POD_COUNT"

NODES_VIEW="$(rc "${PORTS[0]}" CLUSTER NODES)"
# Every slot 0..16383 owned by exactly one primary (ranges "a-b" or single slots).
coverage="$(awk '$3 ~ /master/ { for (i = 9; i <= NF; i++) { if ($i ~ /^\[/) continue; n = split($i, r, "-"); lo = r[1]; hi = (n == 2 ? r[2] : r[1]); for (s = lo; s <= hi; s++) owner[s]++ } }
  END { bad = 0; for (s = 0; s < 16384; s++) if (owner[s] != 1) bad++; print bad }' <<<"$NODES_VIEW")"
check "CLUSTER NODES: every one of the 16384 slots has exactly one primary" test "$coverage" -eq 0
primaries="$(awk '$3 ~ /master/ && NF >= 9' <<<"$NODES_VIEW" | wc -l)"
check "CLUSTER NODES: $SHARDS primaries own slots (got $primaries)" test "$primaries" -eq "$SHARDS"
per_primary="$(awk '$3 ~ /master/ && NF >= 9 { p[$1] = 0 } $3 ~ /slave/ { r[$4]++ } END { for (id in p) print r[id] + 0 }' <<<"$NODES_VIEW" | sort -u | tr '\n' ' ')"
check "CLUSTER NODES: every primary has exactly $REPLICAS replica(s) (got: ${per_primary% })" test "${per_primary% }" = "$REPLICAS"
check "CLUSTER NODES: no node flagged fail/handshake/noaddr" bash -c "! awk '\$3 ~ /fail|handshake|noaddr/' <<<\"\$0\" | grep -q ." "$NODES_VIEW"

# ---- idempotence -------------------------------------------------------------------
# Topology without the timing fields: id, address, role, primary, config epoch, slots.
topology() { rc "${PORTS[0]}" CLUSTER NODES | awk '{ f = $3; sub(/myself,/, "", f); s = ""; for (i = 9; i <= NF; i++) s = s " " $i; print $1, $2, f, $4, $7 s }' | sort; }
BEFORE="$(topology)"
set +e; bootstrap; code=$?; set -e
check "second bootstrap run exits 0" test "$code" -eq 0
check "second bootstrap run reports 'already formed' and runs no create" \
  bash -c "grep -q 'already formed' '$WORK/bootstrap.out' && ! grep -q 'Performing hash slots allocation' '$WORK/bootstrap.out'"
AFTER="$(topology)"
if [[ "$BEFORE" == "$AFTER" ]]; then ok "second bootstrap run changes nothing (same node ids, roles, epochs and slots)"
else not_ok "second bootstrap run changes nothing" "$(diff <(echo "$BEFORE") <(echo "$AFTER"))"; fi

# ---- preStop hand-over --------------------------------------------------------------
# Persistence is off, so a primary must hand its slots to a replica before it stops; else it
# restarts empty and its replica copies the empty dataset. Write keys, run the RENDERED
# preStop script on a primary, stop and restart that process with the same dir (nodes.conf),
# and check that it came back as a replica and no key was lost.
KEYS=300
seq 1 "$KEYS" | sed 's/.*/SET key:& value-&/' | REDISCLI_AUTH="$PASS" redis-cli -c -h 127.0.0.1 -p "${PORTS[0]}" >/dev/null
total_keys() { local p n=0; for p in "${PORTS[@]}"; do [[ "$(rc "$p" ROLE | head -1)" == master ]] && n=$((n + $(rc "$p" DBSIZE))); done; echo "$n"; }
check "$KEYS keys written through the cluster" test "$(total_keys)" -eq "$KEYS"
victim=""; for ((i = 0; i < POD_COUNT; i++)); do [[ "$(rc "${PORTS[i]}" ROLE | head -1)" == master ]] && { victim=$i; break; }; done
vport="${PORTS[victim]}"; shard_keys="$(rc "$vport" DBSIZE)"
set +e; REDIS_PORT="$vport" REDISCLI_AUTH="$PASS" timeout 60 $PRE_STOP_COMMAND_LOCAL >"$WORK/pre-stop.out" 2>&1; code=$?; set -e
check "rendered preStop script on primary :$vport exits 0 and hands over ($(tail -1 "$WORK/pre-stop.out"))" \
  bash -c "test $code -eq 0 && test \"\$(REDISCLI_AUTH='$PASS' redis-cli -h 127.0.0.1 -p $vport ROLE | head -1)\" = slave"
kill "${PIDS[victim]}"; wait "${PIDS[victim]}" 2>/dev/null || true
start_node "$victim"
back=""
for ((t = 0; t < 100; t++)); do
  back="$(rc "$vport" INFO replication 2>/dev/null | awk -F: '$1 == "role" || $1 == "master_link_status" { printf "%s ", $2 }')" || true
  [[ "$back" == "slave up " ]] && break; sleep 0.2
done
check "restarted without data, it rejoins as a replica and resyncs (role/link: ${back% })" test "$back" = "slave up "
check "no key lost: its shard still has $shard_keys keys on the restarted node" test "$(rc "$vport" DBSIZE)" -eq "$shard_keys"
check "no key lost: the cluster still holds $KEYS keys" test "$(total_keys)" -eq "$KEYS"
settle=""; for ((t = 0; t < 50; t++)); do settle="$(rc "${PORTS[0]}" CLUSTER INFO | awk -F: '$1 == "cluster_state" { print $2 }')" || true; [[ $settle == ok ]] && break; sleep 0.2; done
check "cluster_state:ok after the hand-over" test "$settle" = ok
set +e; bootstrap; code=$?; set -e
check "bootstrap after the hand-over still sees a formed cluster and exits 0 (roles moved, shape kept)" test "$code" -eq 0

# Control: the same stop and restart WITHOUT the hand-over empties the shard, which is why
# the hook exists (and shows the checks above can fail).
victim2=""; for ((i = 0; i < POD_COUNT; i++)); do [[ "$(rc "${PORTS[i]}" ROLE | head -1)" == master && $i != "$victim" ]] && { victim2=$i; break; }; done
v2port="${PORTS[victim2]}"; lost="$(rc "$v2port" DBSIZE)"; v2id="$(rc "$v2port" CLUSTER MYID)"
v2replica="$(rc "$v2port" CLUSTER NODES | awk -v me="$v2id" '$4 == me { a = $2; sub(/@.*/, "", a); sub(/.*:/, "", a); print a; exit }')"
kill "${PIDS[victim2]}"; wait "${PIDS[victim2]}" 2>/dev/null || true
start_node "$victim2"
shard=""
for ((t = 0; t < 100; t++)); do
  shard="$(rc "$v2port" ROLE 2>/dev/null | head -1) $(rc "$v2port" DBSIZE 2>/dev/null), replica $(rc "$v2replica" DBSIZE 2>/dev/null)" || true
  [[ "$shard" == "master 0, replica 0" ]] && break; sleep 0.2
done
check "control: without the hand-over the restarted primary stays primary with 0 keys and its replica copies the empty set (had $lost keys; now: $shard)" \
  test "$shard" = "master 0, replica 0"

# ---- refusals ----------------------------------------------------------------------
set +e; REDIS_NODES="127.0.0.1:${PORTS[0]}" REDIS_SHARDS="$REDIS_SHARDS" REDIS_REPLICAS_PER_SHARD="$REDIS_REPLICAS_PER_SHARD" \
  timeout 60 bash "$WORK/rendered/bootstrap.sh" >"$WORK/bad-input.out" 2>&1; code=$?; set -e
check "a node list that does not match shards x (1 + replicas) is refused (exit 2, got $code)" test "$code" -eq 2

# A node that lost its state (as a pod whose volume was replaced): the script must report, not re-create.
last="${PORTS[$((POD_COUNT - 1))]}"
last_id="$(rc "$last" CLUSTER MYID)"
if [[ "$(rc "$last" ROLE | head -1)" == master ]]; then rc "$last" FLUSHALL >/dev/null; fi
rc "$last" CLUSTER RESET HARD >/dev/null
# The reset node's own line is left out: the others mark it noaddr by themselves, as they should.
BEFORE_OTHERS="$(topology | grep -v "^$last_id ")"
set +e; bootstrap; code=$?; set -e
check "a partly formed cluster (one node reset) is reported with exit 3, not re-created (got $code)" test "$code" -eq 3
check "the report names the fresh node and says it will not re-create" \
  bash -c "grep -q '1 of $POD_COUNT nodes are fresh' '$WORK/bootstrap.out' && grep -q 'not re-creating' '$WORK/bootstrap.out'"
AFTER_OTHERS="$(topology | grep -v "^$last_id ")"
if [[ "$BEFORE_OTHERS" == "$AFTER_OTHERS" ]]; then ok "the refusing run left the other nodes' ids, roles and slots as they were"
else not_ok "the refusing run left the other nodes as they were" "$(diff <(echo "$BEFORE_OTHERS") <(echo "$AFTER_OTHERS"))"; fi

echo "# redis-cluster: $PASSED passed, $FAILED failed ($SHARDS shards x (1 + $REPLICAS) = $POD_COUNT redis-server $(redis-server --version | awk '{ print $3 }'))"
((FAILED == 0))
