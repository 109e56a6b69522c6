#!/usr/bin/env bash
# Proof on real parts for the RabbitMQ queue-declare Job.
#
#   bash conformance/data/rabbitmq-queues.sh [DIST_DIR]   (default: dist)
#
# Takes the RENDERED Job script from hyperscale's messaging folder, starts a throw-away
# RabbitMQ node (Debian's rabbitmq-server, management plugin) on loopback ports, points the
# script at it (host and port only), and checks: the three Celery queues exist as durable
# quorum queues; a second run changes nothing (exit 0, same queues); a queue that exists with
# other arguments (a classic `normal`) stops the Job with the permanent exit code 3.
# Prints "ok - <check>" / "not ok - <check>"; exits non-zero on any failure.
# Needs: rabbitmq-server (Debian), node, python3, curl.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$REPO_ROOT/dist}"
FILE="$DIST/hyperscale/us-east/10-messaging.yaml"

PASSED=0; FAILED=0
ok()     { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $1"; [[ -z "${2:-}" ]] || sed 's/^/#   /' <<<"$2"; }

SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
ADMIN_PY="$(find /usr/lib/rabbitmq -path '*rabbitmq_management-*/priv/www/cli/rabbitmqadmin' 2>/dev/null | head -1)"
for tool in node python3 curl; do command -v "$tool" >/dev/null || { echo "not ok - $tool is installed"; exit 1; }; done
[[ -x "$SERVER" && -n "$ADMIN_PY" ]] || { echo "not ok - rabbitmq-server is installed (apt-get install -y rabbitmq-server)"; exit 1; }
[[ -f "$FILE" ]] || { echo "not ok - $FILE exists (npm run synth)"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rabbitmq-conformance.XXXXXX")"
# Ports off the defaults: this machine is shared.
AMQP=$((20000 + RANDOM % 5000)); MGMT=$((AMQP + 5000)); DIST_PORT=$((AMQP + 10000)); EPMD=$((AMQP + 15000))
export RABBITMQ_NODENAME="conf$$@localhost" RABBITMQ_MNESIA_BASE="$WORK/mnesia" RABBITMQ_LOG_BASE="$WORK/log" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/enabled_plugins" RABBITMQ_CONFIG_FILE="$WORK/rabbitmq.conf" \
  RABBITMQ_DIST_PORT="$DIST_PORT" ERL_EPMD_PORT="$EPMD" RABBITMQ_PID_FILE="$WORK/pid" HOME="$WORK"
EPMD_PID=""
cleanup() {
  [[ -f "$WORK/pid" ]] && kill "$(cat "$WORK/pid")" 2>/dev/null || true
  sleep 2
  [[ -n "$EPMD_PID" ]] && kill "$EPMD_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/mnesia" "$WORK/log" "$WORK/bin"
echo '[rabbitmq_management].' > "$WORK/enabled_plugins"
printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$AMQP" "$MGMT" > "$WORK/rabbitmq.conf"
printf '#!/bin/sh\nexec python3 %s "$@"\n' "$ADMIN_PY" > "$WORK/bin/rabbitmqadmin"; chmod +x "$WORK/bin/rabbitmqadmin"

# ---- the rendered script, pointed at this node ---------------------------------------
node -e '
  const y = require("js-yaml"); const fs = require("fs");
  const job = y.loadAll(fs.readFileSync(process.argv[1], "utf8")).find((d) => d && d.kind === "Job" && d.metadata.name === "rabbitmq-declare-queues");
  const c = job.spec.template.spec.containers[0];
  if (c.command[0] !== "sh" || c.command[1] !== "-c") throw new Error("unexpected command " + c.command.slice(0, 2));
  process.stdout.write(c.command[2]);' "$FILE" > "$WORK/rendered.sh"
sed "s/--host=rabbitmq\.messaging\.svc --port=15672/--host=127.0.0.1 --port=$MGMT/g" "$WORK/rendered.sh" > "$WORK/declare.sh"
if cmp -s "$WORK/rendered.sh" "$WORK/declare.sh"; then not_ok "the rendered script names host rabbitmq.messaging.svc and port 15672"; exit 1; fi
ok "the rendered script names host rabbitmq.messaging.svc and port 15672"

# Our own epmd in the foreground (its pid is ours to stop); the node registers with it.
epmd -port "$EPMD" > "$WORK/epmd.out" 2>&1 & EPMD_PID=$!
(setsid "$SERVER" > "$WORK/server.out" 2>&1 &)
for _ in $(seq 1 60); do curl -sf -u guest:guest "http://127.0.0.1:$MGMT/api/overview" >/dev/null && break; sleep 2; done
curl -sf -u guest:guest "http://127.0.0.1:$MGMT/api/overview" >/dev/null || { not_ok "RabbitMQ starts" "$(tail -20 "$WORK/server.out")"; exit 1; }
ok "RabbitMQ $(curl -s -u guest:guest "http://127.0.0.1:$MGMT/api/overview" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rabbitmq_version"])') starts with the management API"

run_declare() { PATH="$WORK/bin:$PATH" RABBITMQ_USERNAME=guest RABBITMQ_PASSWORD=guest sh "$WORK/declare.sh" > "$WORK/declare.out" 2>&1; }
queues() { curl -s -u guest:guest "http://127.0.0.1:$MGMT/api/queues" | python3 -c 'import json,sys; print(" ".join(sorted("%s:%s:%s" % (q["name"], q["type"], q["durable"]) for q in json.load(sys.stdin))))'; }
WANT="high_priority:quorum:True low_priority:quorum:True normal:quorum:True"

if run_declare; then ok "first run exits 0"; else not_ok "first run exits 0" "$(cat "$WORK/declare.out")"; fi
GOT="$(queues)"; [[ "$GOT" == "$WANT" ]] && ok "the three Celery queues are durable quorum queues" || not_ok "the three Celery queues are durable quorum queues" "got: $GOT"
if run_declare; then ok "second run exits 0"; else not_ok "second run exits 0" "$(cat "$WORK/declare.out")"; fi
GOT="$(queues)"; [[ "$GOT" == "$WANT" ]] && ok "second run changes nothing" || not_ok "second run changes nothing" "got: $GOT"

ADMIN=(rabbitmqadmin --host=127.0.0.1 --port="$MGMT" -u guest -p guest)
PATH="$WORK/bin:$PATH" "${ADMIN[@]}" delete queue name=normal >/dev/null
PATH="$WORK/bin:$PATH" "${ADMIN[@]}" declare queue name=normal durable=true >/dev/null
set +e; run_declare; RC=$?; set -e
[[ $RC -eq 3 ]] && ok "a classic 'normal' (other arguments) stops the Job with exit 3" || not_ok "a classic 'normal' (other arguments) stops the Job with exit 3" "exit $RC: $(cat "$WORK/declare.out")"

echo "rabbitmq-queues: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
