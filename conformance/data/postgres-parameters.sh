#!/usr/bin/env bash
# Proof on real parts for the CloudNativePG postgresql.parameters renderer.
#
#   bash conformance/data/postgres-parameters.sh
#
# Collects every postgresql parameter of every CNPG Cluster rendered into dist/ (seed 000's 50
# shards; conformance/data/render-postgres-parameters.ts), initdb's a
# throwaway data directory and asks a real PostgreSQL server binary to read each one with
# `postgres -D <dir> -C <name> -c <name>=<value>`: that parses and range-checks the setting
# through the same GUC code as start-up, without starting the server or allocating its
# shared memory (seed 000's 64GB shared_buffers would not fit this machine). Then shows
# that wrong values (64XB, -1, out of range) fail in PostgreSQL, and that the renderer's
# own validation gives the same verdict on each.
# Prints "ok - <check>" / "not ok - <check>"; exits non-zero on any failure.
# Env: PG_BIN (default /usr/lib/postgresql/15/bin, Debian's postgresql-15). As root, the
# server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

PASSED=0; FAILED=0
ok()     { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $1"; [[ -z "${2:-}" ]] || sed 's/^/#   /' <<<"$2"; }

[[ -x "$PG_BIN/postgres" && -x "$PG_BIN/initdb" ]] || { echo "not ok - PostgreSQL server binaries in $PG_BIN (apt-get install -y postgresql)"; exit 1; }
if ((EUID == 0)); then
  id postgres >/dev/null 2>&1 || { echo "not ok - a 'postgres' user to run the server as (running as root)"; exit 1; }
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pg-parameters.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
((EUID != 0)) || chown postgres "$WORK"
render() { (cd "$REPO_ROOT" && node -r ts-node/register/transpile-only conformance/data/render-postgres-parameters.ts "$@"); }

render render "${DIST:-$REPO_ROOT/dist}" >"$WORK/rendered.tsv" 2>"$WORK/render.err"
sed 's/^/# renderer /' "$WORK/render.err"
clusters="$(sed -n 's/^\([0-9][0-9]*\) Clusters in .*/\1/p' "$WORK/render.err")"
if [[ "${clusters:-0}" -gt 0 ]]; then ok "found the rendered CloudNativePG Clusters ($clusters) and their parameters"
else not_ok "found rendered CloudNativePG Clusters under ${DIST:-$REPO_ROOT/dist}" "$(cat "$WORK/render.err")"; exit 1; fi
if as_pg "$PG_BIN/initdb" -D "$WORK/data" -A trust -U postgres >"$WORK/initdb.log" 2>&1; then ok "initdb a throwaway data directory ($("$PG_BIN/postgres" --version))"
else not_ok "initdb a throwaway data directory" "$(tail -5 "$WORK/initdb.log")"; exit 1; fi
# With CloudNativePG's own default that bears on the checks (max_worker_processes 32 counts
# against max_connections' ceiling), as the operator writes it into every instance's config.
pg_read() { as_pg "$PG_BIN/postgres" -D "$WORK/data" -c max_worker_processes=32 -C "$1" "${@:2}" 2>"$WORK/pg.err"; }

# ---- every rendered parameter, one at a time, then all together ---------------------
all_flags=()
while IFS=$'\t' read -r name value expected; do
  all_flags+=(-c "$name=$value")
  if got="$(pg_read "$name" -c "$name=$value")"; then
    if [[ "$got" == "$expected" ]]; then ok "PostgreSQL accepts rendered $name=$value (reads it as $got)"
    else not_ok "PostgreSQL reads rendered $name=$value as $expected" "got: $got"; fi
  else
    not_ok "PostgreSQL accepts rendered $name=$value" "$(cat "$WORK/pg.err")"
  fi
done <"$WORK/rendered.tsv"
# Other platforms render their own values beside seed 000's; seed 000's four must be among them.
count="$(wc -l <"$WORK/rendered.tsv")"
if grep -qP '^max_connections\t10000\t' "$WORK/rendered.tsv" && grep -qP '^shared_buffers\t64GB\t' "$WORK/rendered.tsv" \
   && grep -qP '^effective_cache_size\t192GB\t' "$WORK/rendered.tsv" && grep -qP '^work_mem\t256MB\t' "$WORK/rendered.tsv"; then
  ok "the rendered values include seed 000's four parameters (max_connections 10000, shared_buffers 64GB, effective_cache_size 192GB, work_mem 256MB)"
else not_ok "the rendered values include seed 000's four parameters" "$(cat "$WORK/rendered.tsv")"; fi
if pg_read max_connections "${all_flags[@]}" >/dev/null; then ok "PostgreSQL accepts all $count rendered parameters together"
else not_ok "PostgreSQL accepts all $count rendered parameters together" "$(cat "$WORK/pg.err")"; fi

# ---- the same collection fails on a wrong rendered value -----------------------------
# A Cluster as dist/ would hold it, with one parameter broken: the check above must catch it.
mkdir -p "$WORK/broken-dist"
cat >"$WORK/broken-dist/10-data.yaml" <<'YAML'
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: { name: broken-00, namespace: data }
spec: { instances: 1, postgresql: { parameters: { max_connections: "10000", work_mem: "256XB" } } }
YAML
render render "$WORK/broken-dist" >"$WORK/broken.tsv" 2>/dev/null
rejected=""
while IFS=$'\t' read -r name value _; do
  pg_read "$name" -c "$name=$value" >/dev/null || rejected+="$name=$value "
done <"$WORK/broken.tsv"
if [[ "$rejected" == "work_mem=256XB " ]]; then ok "a rendered Cluster with work_mem=256XB is rejected by PostgreSQL ($(sed -n 's/^.*FATAL: *//p' "$WORK/pg.err" | head -1))"
else not_ok "a rendered Cluster with work_mem=256XB is rejected by PostgreSQL, and only that parameter" "rejected: ${rejected:-none}"; fi

# ---- wrong values fail, in PostgreSQL and in the renderer ---------------------------
# name, value, PostgreSQL's expected verdict. Edge values on both sides of each range.
cases=$'shared_buffers\t64XB\treject
shared_buffers\t64gb\treject
shared_buffers\t120kB\treject
shared_buffers\t128kB\taccept
work_mem\t-1\treject
work_mem\t63kB\treject
work_mem\t64kB\taccept
maintenance_work_mem\t512kB\treject
maintenance_work_mem\t1MB\taccept
effective_cache_size\t8kB\taccept
max_connections\t0\treject
max_connections\t262098\treject
max_connections\t262097\taccept'
verdicts="$(render verdict <<<"$cases")"
while IFS=$'\t' read -r name value want; do
  if pg_read "$name" -c "$name=$value" >/dev/null; then pg=accept; else pg=reject; fi
  ours="$(awk -F'\t' -v n="$name" -v v="$value" '$1 == n && $2 == v { print $3 }' <<<"$verdicts")"
  why="$( [[ $pg == reject ]] && sed -n 's/^.*FATAL: *//p' "$WORK/pg.err" | head -1 || true)"
  if [[ $pg == "$want" && $ours == "$want" ]]; then
    ok "PostgreSQL ${want}s $name=$value, and so does the renderer${why:+ (PostgreSQL: $why)}"
  else
    not_ok "PostgreSQL and the renderer both ${want} $name=$value" "PostgreSQL: $pg ${why}; renderer: ${ours:-none}"
  fi
done <<<"$cases"

echo "# postgres-parameters: $PASSED passed, $FAILED failed"
((FAILED == 0))
