#!/usr/bin/env bash
# Lint the rendered manifests offline with kube-score, kube-linter and Polaris.
#
#   bash conformance/lint.sh [DIST_DIR]            fail on any finding (default DIST_DIR: dist)
#   bash conformance/lint.sh --report [DIST_DIR]   counts per check id per tool (exit 0 unless a tool broke)
#
# A finding is: kube-score check graded WARNING or CRITICAL (not skipped); any kube-linter
# report; a Polaris check with Success=false and severity warning or danger.
# Exemptions are annotations on the objects (see README.md).
#
# A linter that cannot be installed here is reported as UNAVAILABLE and does not fail the
# run, unless CONFORMANCE_REQUIRE_ALL_LINTERS=1.
# Env: KUBE_SCORE_ARGS / KUBE_LINTER_ARGS / POLARIS_ARGS (extra flags),
#      KUBE_LINTER_BIN / POLARIS_BIN / KUBE_SCORE_BIN (use this binary instead).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPORT=0
DIST_ARG="${DIST_DIR:-dist}"
for a in "$@"; do
  case "$a" in
    --report) REPORT=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) DIST_ARG="$a" ;;
  esac
done

if [[ -d "$DIST_ARG" ]]; then DIST="$(cd "$DIST_ARG" && pwd)"
elif [[ "$DIST_ARG" != /* && -d "$REPO_ROOT/$DIST_ARG" ]]; then DIST="$(cd "$REPO_ROOT/$DIST_ARG" && pwd)"
else die "no rendered manifests: '$DIST_ARG' does not exist. Render them first (dist/<platform>/<cluster>/*.yaml)."
fi
mapfile -t UNITS < <(conformance_units "$DIST")
grep -q $'\tcluster\t' < <(printf '%s\n' "${UNITS[@]}") \
  || die "no cluster folders with .yaml files under $DIST (expected $DIST/<platform>/<cluster>/*.yaml)"
command -v node >/dev/null || die "node is required (parses the linters' JSON)"

T_START=$SECONDS
bash "$CONF_DIR/install-linters.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/conformance-lint.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FINDINGS="$WORK/findings.tsv"; : >"$FINDINGS"

# tool_bin NAME VERSION ENVVAR -> path or empty
tool_bin() {
  local name="$1" version="$2" override="${!3:-}"
  if [[ -n "$override" ]]; then echo "$override"; return; fi
  if [[ -x "$CONF_BIN/$name-$version" ]]; then echo "$CONF_BIN/$name-$version"; return; fi
  command -v "$name" 2>/dev/null || true
}
KUBE_SCORE="$(tool_bin kube-score "$KUBE_SCORE_VERSION" KUBE_SCORE_BIN)"
KUBE_LINTER="$(tool_bin kube-linter "$KUBE_LINTER_VERSION" KUBE_LINTER_BIN)"
POLARIS="$(tool_bin polaris "$POLARIS_VERSION" POLARIS_BIN)"

declare -A STATUS=()
TOOL_ERRORS=0

# run_tool TOOL CLUSTER_LABEL JSON_FILE STDERR_FILE -> appends findings
collect() {
  local tool="$1" label="$2" json="$3" errf="$4"
  if ! node "$CONF_DIR/lint-findings.cjs" "$tool" "$json" >"$WORK/parsed" 2>>"$errf"; then
    log "$tool failed on $label:"; head -c 4000 "$errf" >&2; echo >&2
    TOOL_ERRORS=$((TOOL_ERRORS + 1)); STATUS[$tool]="ERROR"; return
  fi
  awk -v t="$tool" -v c="$label" 'BEGIN{OFS="\t"} {print t, c, $0}' "$WORK/parsed" >>"$FINDINGS"
}

for unit in "${UNITS[@]}"; do
  IFS=$'\t' read -r label mode dir <<<"$unit"
  mapfile -t files < <(unit_files "$mode" "$dir")
  if [[ "$mode" == platform ]]; then
    # kube-linter and Polaris take a folder: give them only the platform-level files.
    label="$label/*.yaml"
    rm -rf "$WORK/unit"; mkdir -p "$WORK/unit"; cp "${files[@]}" "$WORK/unit/"; dir="$WORK/unit"
  fi

  if [[ -n "$KUBE_SCORE" ]]; then
    # shellcheck disable=SC2086
    "$KUBE_SCORE" score --output-format json --kubernetes-version "$(echo "$K8S_VERSION" | cut -d. -f1-2)" \
      ${KUBE_SCORE_ARGS:-} "${files[@]}" >"$WORK/ks.json" 2>"$WORK/ks.err" || true
    collect kube-score "$label" "$WORK/ks.json" "$WORK/ks.err"
  fi
  if [[ -n "$KUBE_LINTER" ]]; then
    # shellcheck disable=SC2086
    "$KUBE_LINTER" lint --config "$CONF_DIR/kube-linter.yaml" --format json \
      ${KUBE_LINTER_ARGS:-} "$dir" >"$WORK/kl.json" 2>"$WORK/kl.err" || true
    collect kube-linter "$label" "$WORK/kl.json" "$WORK/kl.err"
  fi
  if [[ -n "$POLARIS" ]]; then
    polaris_cfg=(); [[ -f "$CONF_DIR/polaris.yaml" ]] && polaris_cfg=(--config "$CONF_DIR/polaris.yaml")
    # shellcheck disable=SC2086
    "$POLARIS" audit --audit-path "$dir" --format json "${polaris_cfg[@]}" \
      ${POLARIS_ARGS:-} >"$WORK/po.json" 2>"$WORK/po.err" || true
    collect polaris "$label" "$WORK/po.json" "$WORK/po.err"
  fi
done

LC_ALL=C sort -o "$FINDINGS" "$FINDINGS"

# ---- summary ----------------------------------------------------------------------
FAILED=0
echo
echo "==== lint summary (${#UNITS[@]} units under $DIST) ===="
for spec in "kube-score|$KUBE_SCORE|$KUBE_SCORE_VERSION" "kube-linter|$KUBE_LINTER|$KUBE_LINTER_VERSION" "polaris|$POLARIS|$POLARIS_VERSION"; do
  IFS='|' read -r tool bin ver <<<"$spec"
  if [[ -z "$bin" ]]; then
    reason="$(grep -oE '[0-9]{3} [A-Za-z ]+|server response: .*' "$CONF_BIN/$tool.unavailable" 2>/dev/null | head -2 | tr '\n' ' ')"
    printf '%-12s   UNAVAILABLE: go install %s@%s failed: %s\n' "$tool" "$tool" "$ver" "${reason:-see $CONF_BIN/$tool.unavailable}"
    [[ "${CONFORMANCE_REQUIRE_ALL_LINTERS:-0}" == 1 ]] && FAILED=1
    continue
  fi
  n=$(awk -F'\t' -v t="$tool" '$1==t' "$FINDINGS" | wc -l)
  printf '%-12s %5d findings%s\n' "$tool" "$n" "${STATUS[$tool]:+ (${STATUS[$tool]})}"
  ((n == 0)) || FAILED=1
  if ((REPORT)); then
    awk -F'\t' -v t="$tool" '$1==t {c[$3]++} END {for (k in c) printf "  %5d  %s\n", c[k], k}' "$FINDINGS" | sort -k1,1nr -k2
  fi
done

if ((REPORT == 0)) && [[ -s "$FINDINGS" ]]; then
  echo
  echo "---- findings (tool, cluster, check, object, message) ----"
  head -n "${LINT_MAX_LINES:-300}" "$FINDINGS"
  total=$(wc -l <"$FINDINGS")
  ((total <= ${LINT_MAX_LINES:-300})) || echo "... $((total - ${LINT_MAX_LINES:-300})) more (use --report for counts)"
fi
if ((REPORT)) && [[ -s "$FINDINGS" ]]; then
  echo
  echo "---- per cluster ----"
  awk -F'\t' '{c[$2 "\t" $1]++} END {for (k in c) print c[k] "\t" k}' "$FINDINGS" | sort -t$'\t' -k2,2 -k3,3 | \
    awk -F'\t' '{printf "  %-40s %-12s %5d\n", $2, $3, $1}'
fi
echo "time: $((SECONDS - T_START))s"
((TOOL_ERRORS == 0)) || { echo "RESULT: ERROR ($TOOL_ERRORS linter run(s) failed)"; exit 2; }
if ((REPORT)); then exit 0; fi
if ((FAILED)); then echo "RESULT: FAIL"; exit 1; fi
echo "RESULT: PASS"
