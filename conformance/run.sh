#!/usr/bin/env bash
# Conformance: prove the rendered manifests are accepted by a real kube-apiserver.
#
#   bash conformance/run.sh [DIST_DIR]      (default: dist, relative to cwd or repo root)
#   bash conformance/run.sh --self-test     (only the positive/negative self-tests)
#   bash conformance/run.sh --no-lint [DIST_DIR]   (skip conformance/lint.sh at the end)
#
# For every cluster folder DIST_DIR/<platform>/<cluster>/ (a folder holding .yaml files),
# and for the .yaml files directly in DIST_DIR/<platform>/ (platform-level objects):
#   1. server-side apply, for real, the Namespace objects found in those files,
#   2. kubectl apply --server-side --dry-run=server --validate=strict -f <each file>,
#      requiring exit 0, no error and no "Warning:" line, and every namespace used to be
#      declared in the same unit (see README.md).
# Before that: every CRD under <repo>/crds is installed and must become Established,
# and a self-test proves the check passes a valid sample and fails broken ones.
# Then, with real tools built into the cache (conformance/build-tools.sh): each cluster
# folder is applied for real and `istioctl analyze` runs against the live apiserver;
# Checkov scans every unit; promtool checks every PrometheusRule and runs
# conformance/prometheus-tests/*.yaml. Then conformance/lint.sh (unless --no-lint) and
# every conformance/data/*.sh (real redis-server / postgresql, from
# conformance/install-system-packages.sh). A tool that is missing fails; nothing skips.
# Checkov, lint.sh and the data scripts need no apiserver: they run in the background alongside
# the apiserver checks and are recorded in the order above.
# The last lines are "conformance: N passed, M failed" and RESULT: PASS|FAIL.
#
# Env: CONFORMANCE_CACHE, CONFORMANCE_CRDS (default <repo>/crds),
#      CONFORMANCE_EXTRA_NAMESPACES (space-separated namespaces to pre-create and allow),
#      CONFORMANCE_PLATFORM_NAMESPACES (same, for platform-level files; default: argocd),
#      CONFORMANCE_KEEP_STATE=1 (keep etcd/apiserver temp dir and logs), KUBECTL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$CONF_DIR/apiserver-lib.sh"
source "$CONF_DIR/tools-lib.sh"

SELF_TEST_ONLY=0
RUN_LINT=1
DIST_ARG="${DIST_DIR:-dist}"
for a in "$@"; do
  case "$a" in
    --self-test) SELF_TEST_ONLY=1 ;;
    --no-lint) RUN_LINT=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) DIST_ARG="$a" ;;
  esac
done

T_START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/conformance-run.XXXXXX")"
SIDE_PIDS=()
# The background checks are waited for (not killed): their own traps stop their servers.
cleanup() { conf_stop_cluster; ((${#SIDE_PIDS[@]})) && wait "${SIDE_PIDS[@]}" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- locate inputs ----------------------------------------------------------------
UNITS=()
if ((SELF_TEST_ONLY == 0)); then
  if [[ -d "$DIST_ARG" ]]; then DIST="$(cd "$DIST_ARG" && pwd)"
  elif [[ "$DIST_ARG" != /* && -d "$REPO_ROOT/$DIST_ARG" ]]; then DIST="$(cd "$REPO_ROOT/$DIST_ARG" && pwd)"
  else die "no rendered manifests: '$DIST_ARG' does not exist. Render them first (the compiler writes dist/<platform>/<cluster>/*.yaml)."
  fi
  mapfile -t UNITS < <(conformance_units "$DIST")
  grep -q $'\tcluster\t' < <(printf '%s\n' "${UNITS[@]}") \
    || die "no cluster folders with .yaml files under $DIST (expected $DIST/<platform>/<cluster>/*.yaml)"
  log "found ${#UNITS[@]} unit(s) to check under $DIST"
fi

CRDS_DIR="${CONFORMANCE_CRDS:-$REPO_ROOT/crds}"
[[ -d "$CRDS_DIR" ]] || die "CRD folder not found: $CRDS_DIR (set CONFORMANCE_CRDS)"
CRDS_DIR="$(cd "$CRDS_DIR" && pwd)"

# (the trailing "/" in find below follows crds/ when it is a symlink)
# ---- tools + cluster --------------------------------------------------------------
# Checkov's pip install is mostly download, so it overlaps the Go builds.
bash "$CONF_DIR/build-tools.sh" checkov >"$WORK/build-checkov.log" 2>&1 &
CHECKOV_BUILD_PID=$!
bash "$CONF_DIR/build-apiserver.sh"
# A failed tool build is not fatal here: that tool's checks then fail (never skip).
BUILD_FAILED=()
for tool in istioctl promtool; do bash "$CONF_DIR/build-tools.sh" "$tool" || BUILD_FAILED+=("$tool"); done
wait "$CHECKOV_BUILD_PID" || BUILD_FAILED+=(checkov)
cat "$WORK/build-checkov.log" >&2
SYSPKG_OK=0; bash "$CONF_DIR/install-system-packages.sh" || SYSPKG_OK=1
KUBECTL_BIN="$(kubectl_bin)" || die "no kubectl found"
k() { "$KUBECTL_BIN" "$@"; }
KV="$(k version --client 2>/dev/null || true)"; log "kubectl: $KUBECTL_BIN (${KV%%$'\n'*})"

conf_start_cluster

# ---- the checks that need no apiserver, in the background ----------------------------
# Checkov's scan, the linters and the data-tier scripts read only the files (and start their
# own servers): they run alongside the apiserver checks below, which keep about one of the two
# cores busy, and each is recorded at its usual place in the summary (its output printed there).
# Started after the apiserver is up, so that their free-port picks never race its ports.
ST="$WORK/selftest"; mkdir -p "$ST"
checkov_selftest_sample
CHECKOV_FILES=("$ST/checkov-bad/pod.yaml")
for unit in "${UNITS[@]}"; do
  IFS=$'\t' read -r rel mode dir <<<"$unit"; mapfile -t -O "${#CHECKOV_FILES[@]}" CHECKOV_FILES < <(unit_files "$mode" "$dir")
done
(
  log "checkov: one scan of ${#CHECKOV_FILES[@]} files"
  rc=0; checkov_scan "${CHECKOV_FILES[@]}" || rc=$?
  log "checkov: scan done (exit $rc)"
) >"$WORK/side-checkov.log" 2>&1 &
SIDE_CHECKOV=$!; SIDE_PIDS+=("$SIDE_CHECKOV")
SIDE_LINT=""; SIDE_DATA=""
if ((SELF_TEST_ONLY == 0 && RUN_LINT)); then
  ( rc=0; bash "$CONF_DIR/lint.sh" "$DIST" >"$WORK/side-lint.out" 2>"$WORK/side-lint.err" || rc=$?; echo "$rc" >"$WORK/side-lint.rc" ) &
  SIDE_LINT=$!; SIDE_PIDS+=("$SIDE_LINT")
fi
DATA_SCRIPTS=()
if ((SELF_TEST_ONLY == 0)); then
  for f in "$CONF_DIR"/data/*.sh; do [[ -f "$f" ]] && DATA_SCRIPTS+=("$f"); done
  ( # one after the other: each starts several servers of its own
    for f in "${DATA_SCRIPTS[@]}"; do
      label="data-$(basename "$f" .sh)"; TOOL_DETAIL=""; rc=0
      data_script "$f" "$label" 2>"$WORK/$label.side.err" || rc=$?
      printf '%s\n%s\n' "$rc" "$TOOL_DETAIL" >"$WORK/$label.result"
    done
  ) &
  SIDE_DATA=$!; SIDE_PIDS+=("$SIDE_DATA")
fi

# ---- CRDs -------------------------------------------------------------------------
mapfile -t CRD_FILES < <(find "$CRDS_DIR/" -type f \( -name '*.yaml' -o -name '*.yml' \) | LC_ALL=C sort)
((${#CRD_FILES[@]})) || die "no CRD YAML files in $CRDS_DIR"
log "installing ${#CRD_FILES[@]} CRD files from $CRDS_DIR"
crd_args=(); for f in "${CRD_FILES[@]}"; do crd_args+=(-f "$f"); done
if ! k apply --server-side --field-manager=conformance "${crd_args[@]}" >"$WORK/crds.out" 2>"$WORK/crds.err"; then
  cat "$WORK/crds.out" "$WORK/crds.err" >&2; die "CRD install failed"
fi
grep -i 'warning' "$WORK/crds.err" >&2 || true
CRD_COUNT=$(grep -c 'serverside-applied' "$WORK/crds.out" || true)
k wait --for=condition=Established crd --all --timeout=120s >/dev/null \
  || { k get crd >&2; die "CRDs did not become Established"; }
log "$CRD_COUNT CRDs Established"

for ns in ${CONFORMANCE_EXTRA_NAMESPACES:-}; do
  k get namespace "$ns" >/dev/null 2>&1 || k create namespace "$ns" >/dev/null
done

# ---- the check --------------------------------------------------------------------
# check_unit MODE PATH LABEL -> 0 if accepted with no error and no warning.
# MODE cluster: every YAML file below PATH; MODE platform: the YAML files directly in PATH.
# Writes $WORK/<label>.{out,err}; sets CHECK_OBJECTS, CHECK_ERRORS, CHECK_WARNINGS.
check_unit() {
  local mode="$1" dir="$2" label="$3" out="$WORK/$3.out" err="$WORK/$3.err" rc=0 f
  local files=() fargs=()
  mapfile -t files < <(unit_files "$mode" "$dir")
  for f in "${files[@]}"; do fargs+=(-f "$f"); done
  # The folder's Namespace objects are server-side applied for real first (with their
  # labels, e.g. Pod Security Admission levels), so that the namespaced objects can be
  # dry-run applied into them. A Namespace document is one whose top-level line is
  # "kind: Namespace".
  local nsfile="$WORK/$label.namespaces.yaml"; : >"$WORK/$label.ns.out"
  printf '%s\0' "${files[@]}" | xargs -0 -r awk '
      function flush() { if (isns) printf "---\n%s", doc; doc=""; isns=0 }
      FNR==1 { flush() }
      /^---/ { flush(); next }
      { doc = doc $0 "\n"; if ($0 ~ /^kind:[ \t]*"?Namespace"?[ \t]*$/) isns=1 }
      END { flush() }' >"$nsfile"
  if [[ -s "$nsfile" ]] && ! k apply --server-side --field-manager=platform-compiler -f "$nsfile" \
        >"$WORK/$label.ns.out" 2>"$WORK/$label.ns.err"; then
    cp "$WORK/$label.ns.err" "$err"; : >"$out"
    CHECK_OBJECTS=0; CHECK_WARNINGS=0; CHECK_ERRORS=$(grep -c . "$err" || true)
    return 1
  fi

  # Platform-level files go into Argo CD's namespace, which Argo CD's install creates.
  if [[ "$mode" == platform ]]; then
    local pns
    for pns in ${CONFORMANCE_PLATFORM_NAMESPACES-argocd}; do
      k get namespace "$pns" >/dev/null 2>&1 || k create namespace "$pns" >/dev/null
    done
  fi

  # Two kubectl processes at once, each given every other document of every file (under the
  # file's own relative name, for the messages): kubectl spends ~25 ms of CPU per object, so one
  # process keeps one core busy. Every object is still sent once, with the same flags, against
  # the same namespaces; the unit's errors, warnings and objects are those of both halves.
  local half pids=() hfiles=() part
  rm -rf "$WORK/$label.half"
  for f in "${files[@]}"; do
    part="${f#"$dir"/}"; mkdir -p "$WORK/$label.half/0/$(dirname "$part")" "$WORK/$label.half/1/$(dirname "$part")"
  done
  awk -v root="$WORK/$label.half" -v dir="$dir" '
    function flush() { if (doc ~ /[^ \t\n]/) printf "---\n%s", doc > (root "/" (n++ % 2) "/" src); doc="" }
    FNR==1 { flush(); src = substr(FILENAME, length(dir) + 2) }
    /^---/ { flush(); next }
    { doc = doc $0 "\n" }
    END { flush() }' "${files[@]}"
  for half in 0 1; do
    mapfile -t hfiles < <(unit_files cluster "$WORK/$label.half/$half")
    : >"$out.$half"; : >"$err.$half"
    ((${#hfiles[@]})) || continue
    fargs=(); for f in "${hfiles[@]}"; do fargs+=(-f "$f"); done
    k apply --server-side --dry-run=server --validate=strict --field-manager=platform-compiler \
        "${fargs[@]}" -o json >"$out.$half" 2>"$err.$half" &
    pids+=($!)
  done
  for half in "${pids[@]}"; do wait "$half" || rc=$?; done
  cat "$out.0" "$out.1" >"$out"; cat "$err.0" "$err.1" >"$err"

  # Objects accepted, and the namespaces they went into (from the server's answer).
  node -e '
    const fs = require("fs"); let items = [];
    for (const file of process.argv.slice(1)) {
      const txt = fs.readFileSync(file, "utf8").trim();
      if (txt) { const d = JSON.parse(txt); items = items.concat(d.kind === "List" ? d.items : [d]); }
    }
    const ns = new Set(items.map((o) => o.metadata && o.metadata.namespace).filter(Boolean));
    console.log(items.length); for (const n of ns) console.log(n);' "$out.0" "$out.1" >"$WORK/$label.summary" \
    || { echo "could not parse kubectl output" >>"$err"; rc=1; echo 0 >"$WORK/$label.summary"; }
  CHECK_OBJECTS=$(head -1 "$WORK/$label.summary")
  # Each cluster folder must be self-contained: a namespace its objects use must be
  # declared by a Namespace object in the same folder (namespaces created for an earlier
  # folder stay in the shared apiserver, so this is checked explicitly).
  local used declared
  declared=" default kube-system kube-public kube-node-lease ${CONFORMANCE_EXTRA_NAMESPACES:-} "
  # Platform-level files (Argo CD AppProject/ApplicationSet) live in Argo CD's own namespace.
  [[ "$mode" == platform ]] && declared+=" ${CONFORMANCE_PLATFORM_NAMESPACES-argocd} "
  declared+="$(sed -n 's#^namespace/\([^ ]*\) .*#\1#p' "$WORK/$label.ns.out" 2>/dev/null | tr '\n' ' ')"
  while read -r used; do
    [[ " $declared " == *" $used "* ]] || echo "Error: objects use namespace \"$used\", which no Namespace object in this folder declares" >>"$err"
  done < <(tail -n +2 "$WORK/$label.summary")

  CHECK_WARNINGS=$(grep -c '^Warning:' "$err" || true)
  CHECK_ERRORS=$(grep -v '^Warning:' "$err" | grep -c . || true)
  if ((rc != 0)) && ((CHECK_ERRORS == 0)); then CHECK_ERRORS=1; fi
  ((rc == 0 && CHECK_ERRORS == 0 && CHECK_WARNINGS == 0))
}

# ---- self-test: samples -----------------------------------------------------------
mkdir -p "$ST/good" "$ST/bad-deployment" "$ST/bad-hpa" "$ST/bad-destinationrule" "$ST/warning-podsecurity"
cat >"$ST/good/manifests.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: conformance-selftest
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: conformance-selftest, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: registry.example/web:1.0.0
        ports: [{containerPort: 8080}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: conformance-selftest}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
  behavior:
    scaleDown: {selectPolicy: Max, policies: [{type: Pods, value: 1, periodSeconds: 60}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: conformance-selftest}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: conformance-selftest}
spec:
  host: web.conformance-selftest.svc.cluster.local
  trafficPolicy:
    loadBalancer: {simple: LEAST_REQUEST}
YAML
cat >"$ST/bad-deployment/deployment.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: broken, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: broken}}
  template:
    metadata: {labels: {app: broken}}
    spec:
      containers:
      - name: web
        image: registry.example/web:1.0.0
        imagePullPolicyy: Always
YAML
cat >"$ST/bad-hpa/hpa.yaml" <<'YAML'
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: broken, namespace: default}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: broken}
  minReplicas: 1
  maxReplicas: 3
  behavior:
    scaleUp: {selectPolicy: Maxx, policies: [{type: Pods, value: 1, periodSeconds: 60}]}
YAML
cat >"$ST/bad-destinationrule/dr.yaml" <<'YAML'
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: broken, namespace: default}
spec:
  host: broken.default.svc.cluster.local
  trafficPolicy:
    loadBalancer: {simple: FASTEST}
YAML

# A warning (not an error) must fail the check too: Pod Security Admission in "warn"
# mode, from the label on a Namespace that the check applies for real.
cat >"$ST/warning-podsecurity/manifests.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: conformance-selftest-psa
  labels:
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: root, namespace: conformance-selftest-psa}
spec:
  replicas: 1
  selector: {matchLabels: {app: root}}
  template:
    metadata: {labels: {app: root}}
    spec:
      containers:
      - name: web
        image: registry.example/web:1.0.0
YAML

SUMMARY=()
FAILED=0; N_PASS=0; N_FAIL=0
selftest() { # selftest NAME EXPECT(pass|fail) PATTERN
  local name="$1" expect="$2" pattern="${3:-}" result
  if check_unit cluster "$ST/$name" "selftest-$name"; then result=pass; else result=fail; fi
  if [[ "$result" == "$expect" ]] && { [[ -z "$pattern" ]] || grep -qiE "$pattern" "$WORK/selftest-$name.err"; }; then
    SUMMARY+=("$(printf 'OK    self-test %-22s expected %-4s got %-4s' "$name" "$expect" "$result")")
    N_PASS=$((N_PASS + 1))
  else
    FAILED=1; N_FAIL=$((N_FAIL + 1))
    SUMMARY+=("$(printf 'FAIL  self-test %-22s expected %-4s got %-4s' "$name" "$expect" "$result")")
    log "self-test $name: expected $expect${pattern:+ matching /$pattern/}, got $result:"
    cat "$WORK/selftest-$name.out" "$WORK/selftest-$name.err" >&2
  fi
  if [[ "$expect" == fail && "$result" == fail ]]; then
    log "self-test $name rejected as expected: $(grep -v '^\s*$' "$WORK/selftest-$name.err" | head -3 | tr '\n' ' ' | cut -c1-240)"
  fi
}
selftest good pass
selftest bad-deployment fail 'imagePullPolicyy.*(field not declared in schema|unknown field)|unknown field.*imagePullPolicyy'
selftest bad-hpa fail 'selectPolicy.*(Unsupported value|supported values)'
selftest bad-destinationrule fail 'simple.*(Unsupported value|supported values)'
selftest warning-podsecurity fail '^Warning: would violate PodSecurity'

# ---- the rendered clusters --------------------------------------------------------
TOTAL_OBJECTS=0
N_UNITS=0
for unit in "${UNITS[@]}"; do
  IFS=$'\t' read -r rel mode dir <<<"$unit"
  label="unit-${rel//\//_}"; [[ "$mode" == platform ]] && label+="-platform"
  shown="$rel"; [[ "$mode" == platform ]] && shown="$rel/*.yaml (platform)"
  if check_unit "$mode" "$dir" "$label"; then
    SUMMARY+=("$(printf 'OK    %-40s %4d objects, 0 errors, 0 warnings' "$shown" "$CHECK_OBJECTS")")
    N_PASS=$((N_PASS + 1))
  else
    FAILED=1; N_FAIL=$((N_FAIL + 1))
    SUMMARY+=("$(printf 'FAIL  %-40s %4d objects, %d errors, %d warnings' "$shown" "$CHECK_OBJECTS" "$CHECK_ERRORS" "$CHECK_WARNINGS")")
    echo "---- $shown: kubectl stderr ----" >&2
    cat "$WORK/$label.err" >&2
  fi
  TOTAL_OBJECTS=$((TOTAL_OBJECTS + CHECK_OBJECTS)); N_UNITS=$((N_UNITS + 1))
done

log "dry-run: ${N_UNITS} units checked"
# ---- real tools: versions, CRD kinds, istioctl on the live apiserver, Checkov, promtool
check "tool istioctl $ISTIO_VERSION" tool_version istioctl "$ISTIOCTL_BIN" version --remote=false --short
check "tool promtool $PROMETHEUS_VERSION" tool_version promtool "$PROMTOOL_BIN" --version
check "tool checkov $CHECKOV_VERSION" checkov_version
TOOL_DETAIL="redis-server, postgresql, rabbitmq-server (conformance/install-system-packages.sh)"; record "$SYSPKG_OK" "system packages"
check "CRDs for every operator" required_crds

check "self-test istioctl (missing gateway)" ist_selftest
# The Checkov scan (started in the background above): each unit is judged on its report.
wait "$SIDE_CHECKOV" || true
cat "$WORK/side-checkov.log" >&2
check "self-test checkov (privileged pod)" checkov_selftest
check "self-test promtool (bad rule, unit test)" promtool_selftest

if ((SELF_TEST_ONLY == 0)); then
  for unit in "${UNITS[@]}"; do
    IFS=$'\t' read -r rel mode dir <<<"$unit"
    label="${rel//\//_}"
    [[ "$mode" == cluster ]] && check "istioctl analyze $rel" istio_unit "$dir" "istio-$label"
    shown="$rel"; [[ "$mode" == platform ]] && shown="$rel/*.yaml"
    check "checkov $shown" checkov_unit "$mode" "$dir" "checkov-$label-$mode"
  done
  log "istioctl analyze: cluster folders done"
  RULES_DIR="$WORK/prometheus-rules"; mkdir -p "$RULES_DIR"
  RULE_FILES=()
  if extract_prometheus_rules "$DIST" "$RULES_DIR" >"$WORK/rules.list" 2>"$WORK/rules.err"; then
    mapfile -t RULE_FILES <"$WORK/rules.list"
  else
    TOOL_DETAIL="$(head -1 "$WORK/rules.err")"; record 1 "promtool: extract PrometheusRules"; cat "$WORK/rules.err" >&2
  fi
  # Rule files of fixture platforms dist/ does not hold (an unmeshed one), written by test/observability/plain-alerts.test.ts.
  if [[ -d "$CONF_DIR/prometheus-tests/rules/fixtures" ]]; then
    cp -r "$CONF_DIR/prometheus-tests/rules/fixtures" "$RULES_DIR/"
    mapfile -t -O "${#RULE_FILES[@]}" RULE_FILES < <(find "$RULES_DIR/fixtures" -name '*.yaml' | sort)
  fi
  for f in "${RULE_FILES[@]}"; do check "promtool check rules ${f#"$RULES_DIR"/}" promtool_check_rules "$f" "promtool-$(basename "$f")"; done
  for f in "$CONF_DIR"/prometheus-tests/*.yaml; do
    [[ -f "$f" ]] || continue
    check "promtool test rules $(basename "$f")" promtool_test_rules "$f" "$RULES_DIR" "promtest-$(basename "$f")"
  done
  log "promtool: ${#RULE_FILES[@]} PrometheusRule(s) in dist, $(find "$CONF_DIR/prometheus-tests" -maxdepth 1 -name '*.yaml' 2>/dev/null | wc -l) test file(s)"
fi
conf_stop_cluster

# ---- linters, data tier -----------------------------------------------------------
if ((SELF_TEST_ONLY == 0 && RUN_LINT)); then
  TOOL_DETAIL=""; wait "$SIDE_LINT" || true
  cat "$WORK/side-lint.err" >&2; cat "$WORK/side-lint.out"
  rc=$(cat "$WORK/side-lint.rc" 2>/dev/null || echo 1)
  record "$rc" "lint (conformance/lint.sh)"
  log "lint done"
fi
if ((SELF_TEST_ONLY == 0)); then
  wait "$SIDE_DATA" || true
  for f in "${DATA_SCRIPTS[@]}"; do
    label="data-$(basename "$f" .sh)"; rc=1; TOOL_DETAIL="no result (the background run stopped early)"
    if [[ -f "$WORK/$label.result" ]]; then { read -r rc; read -r TOOL_DETAIL; } <"$WORK/$label.result"; fi
    cat "$WORK/$label.side.err" >&2 2>/dev/null || true
    record "$rc" "data $(basename "$f")"
  done
fi

echo
echo "==== conformance summary (kube-apiserver $K8S_VERSION, etcd $ETCD_VERSION, $CRD_COUNT CRDs) ===="
printf '%s\n' "${SUMMARY[@]}"
if ((SELF_TEST_ONLY == 0)); then
  echo "units: $N_UNITS, objects dry-run applied: $TOTAL_OBJECTS"
fi
((${#BUILD_FAILED[@]})) && echo "builds that failed: ${BUILD_FAILED[*]}"
echo "total time: $((SECONDS - T_START))s"
echo "conformance: $N_PASS passed, $N_FAIL failed"
if ((FAILED)); then echo "RESULT: FAIL"; exit 1; fi
echo "RESULT: PASS"
