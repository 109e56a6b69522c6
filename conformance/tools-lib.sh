#!/usr/bin/env bash
# The real-tool checks beyond the dry-run: istioctl analyze on the live apiserver, Checkov,
# promtool and the data-tier scripts. Sourced by run.sh after lib.sh and apiserver-lib.sh;
# every function returns 0 (pass) or 1 (fail) and leaves its output in $WORK/<label>.*,
# and sets TOOL_DETAIL to a one-line summary for the suite's table.
# shellcheck disable=SC2034  # TOOL_DETAIL is read by run.sh

TOOL_DETAIL=""

# record RC NAME: one counted check in run.sh's SUMMARY/N_PASS/N_FAIL, with $TOOL_DETAIL.
record() {
  if (($1 == 0)); then N_PASS=$((N_PASS + 1)); SUMMARY+=("$(printf 'OK    %-40s %s' "$2" "$TOOL_DETAIL")")
  else FAILED=1; N_FAIL=$((N_FAIL + 1)); SUMMARY+=("$(printf 'FAIL  %-40s %s' "$2" "$TOOL_DETAIL")"); fi
}
# check NAME FUNCTION ARGS...: run FUNCTION and record it.
check() {
  local name="$1" rc=0; shift
  TOOL_DETAIL=""; "$@" || rc=$?
  record "$rc" "$name"
}

need_tool() { [[ -x "$1" ]] || { TOOL_DETAIL="missing $1 (its build failed, see above)"; return 1; }; }

# tool_version NAME BIN ARGS... -> passes when BIN exists and prints a version.
# A tool that could not be built fails here: nothing is ever skipped for lack of a tool.
tool_version() {
  local name="$1" bin="$2"; shift 2
  if [[ ! -x "$bin" ]]; then TOOL_DETAIL="missing $bin (see build log above)"; return 1; fi
  local v
  if ! v="$("$bin" "$@" 2>&1)"; then TOOL_DETAIL="'$name $*' failed: ${v%%$'\n'*}"; return 1; fi
  TOOL_DETAIL="$(echo "$v" | grep -v '^\s*$' | head -1 | cut -c1-80)"
}

# Split a unit's YAML into Namespace documents and the rest (same rule as check_unit:
# a document whose top-level line is "kind: Namespace").
split_namespaces() { # split_namespaces WANT(ns|rest) FILES... -> stdout
  local want="$1"; shift
  awk -v want="$want" '
    function flush() { if (doc ~ /[^ \t\n]/ && ((want == "ns") == isns)) printf "---\n%s", doc; doc=""; isns=0 }
    FNR==1 { flush() }
    /^---/ { flush(); next }
    { doc = doc $0 "\n"; if ($0 ~ /^kind:[ \t]*"?Namespace"?[ \t]*$/) isns=1 }
    END { flush() }' "$@"
}

# ---- istioctl analyze --------------------------------------------------------------
# Accepted istioctl messages, in istio's own suppression syntax (--suppress "CODE=<resource>",
# glob allowed). Each needs a reason. <resource> is matched against the name istioctl prints,
# "Kind namespace/name" (pkg/config/analysis/legacy/source/kube/origin.go); the
# "name.namespace" form in istioctl's help text matches nothing at this version. The test apiserver runs no controllers, so there are
# no Pods, no Endpoints and no istiod: analyzers that look at workloads see none.
ISTIO_SUPPRESS=(
  # PodMissingProxy, only on the Pods this suite derives from pod templates (named
  # <workload>-conformance, see workload_pods): they are created directly, and istiod's
  # sidecar-injection webhook does not run against the test apiserver, so none has an
  # istio-proxy container. On a cluster the injector adds it (istio-injection=enabled).
  "IST0103=Pod */*-conformance"
  # NoMatchingWorkloads for the edge policies: the edge namespace runs the Kong and
  # ingress-nginx controllers, which their add-on Helm charts (Argo CD Applications) deploy;
  # the folders hold no Deployment for them, so no Pod here carries their labels.
  # edge/kong selects app.kubernetes.io/name=kong; edge/allow-nothing (no selector) selects
  # every pod of the namespace. The same analyzer still checks every policy in web.
  "IST0127=AuthorizationPolicy edge/kong"
  "IST0127=AuthorizationPolicy edge/allow-nothing"
  # NoMatchingWorkloads for the data namespace's default-deny: its only pods are the Redis
  # Cluster and its bootstrap Job, which run without a sidecar on purpose (a sidecar would
  # keep the Job from finishing and sit in the cluster-bus path), so no meshed pod is there
  # for the policy to select. It stays as the deny-all for any meshed pod added later; the
  # Redis pods are confined by their NetworkPolicies instead.
  "IST0127=AuthorizationPolicy data/allow-nothing"
  # The same for the messaging namespace: its pods are the RabbitMQ nodes (made by the cluster
  # operator) and the queue-declare Job, all without a sidecar on purpose (Erlang distribution
  # goes node to node and the operator calls each pod; a sidecar would keep the Job running).
  # Their NetworkPolicies confine them instead.
  "IST0127=AuthorizationPolicy messaging/allow-nothing"
  # And for a kafka namespace: its pods are Strimzi's brokers and controllers, made by the
  # operator at run time without a sidecar (brokers reach each other with Strimzi's own TLS).
  "IST0127=AuthorizationPolicy kafka/allow-nothing"
)

# istio_unit DIR LABEL: server-side apply (for real) every object of the cluster folder,
# run `istioctl analyze --all-namespaces` against the live apiserver, then delete the
# non-Namespace objects again so the next cluster folder (same namespace names) starts
# clean. Namespaces stay: without kube-controller-manager a deleted namespace never
# finishes terminating.
istio_unit() {
  local dir="$1" label="$2" files=() fargs=() f rc=0
  need_tool "$ISTIOCTL_BIN" || return 1
  mapfile -t files < <(unit_files cluster "$dir")
  for f in "${files[@]}"; do fargs+=(-f "$f"); done
  split_namespaces rest "${files[@]}" >"$WORK/$label.rest.yaml"

  if ! k apply --server-side --field-manager=platform-compiler "${fargs[@]}" \
        >"$WORK/$label.apply.out" 2>"$WORK/$label.apply.err"; then
    TOOL_DETAIL="real server-side apply failed: $(grep -v '^Warning:' "$WORK/$label.apply.err" | head -1 | cut -c1-160)"
    cat "$WORK/$label.apply.err" >&2
    istio_cleanup "$label"; return 1
  fi
  local applied; applied=$(grep -c 'serverside-applied' "$WORK/$label.apply.out" || true)

  # No controllers run here, so no Deployment ever gets a Pod. Workload analyzers (selectors
  # of AuthorizationPolicy, PeerAuthentication, Telemetry, DestinationRule, ...) need Pods to
  # match, so one Pod per workload is created from its pod template, for real (Pod Security
  # admission enforces on it). They stay Pending: there is no scheduler.
  workload_pods "${files[@]}" >"$WORK/$label.pods.yaml" \
    || { TOOL_DETAIL="could not derive Pods from the workloads"; istio_cleanup "$label"; return 1; }
  local pods=0
  if [[ -s "$WORK/$label.pods.yaml" ]]; then
    if ! k apply --server-side --field-manager=conformance -f "$WORK/$label.pods.yaml" \
          >"$WORK/$label.pods.out" 2>"$WORK/$label.pods.err"; then
      TOOL_DETAIL="Pods from the pod templates rejected: $(grep -v '^Warning:' "$WORK/$label.pods.err" | head -1 | cut -c1-160)"
      cat "$WORK/$label.pods.err" >&2; istio_cleanup "$label"; return 1
    fi
    pods=$(grep -c 'serverside-applied' "$WORK/$label.pods.out" || true)
    cat "$WORK/$label.pods.yaml" >>"$WORK/$label.rest.yaml"
  fi

  local sargs=() s
  for s in "${ISTIO_SUPPRESS[@]}"; do sargs+=(--suppress "$s"); done
  # One analyzer run (each run lists every resource kind from the apiserver): JSON, from which
  # the counts and istioctl's own text lines ("<level> [<code>] (<resource>) <message>") are
  # derived. --failure-threshold Warning: any warning or error fails (istioctl's default is
  # Error); the counts below fail on either too, whatever the exit code says.
  "$ISTIOCTL_BIN" analyze --all-namespaces --failure-threshold Warning --output-threshold Info \
      "${sargs[@]}" -o json >"$WORK/$label.istio.json" 2>"$WORK/$label.istio.err" || rc=$?
  local counts
  counts="$(node -e '
    const fs = require("fs");
    const t = fs.readFileSync(process.argv[1], "utf8").trim();
    let m = []; try { m = t ? JSON.parse(t) : []; } catch { fs.writeFileSync(process.argv[2], t); console.log("? ? ?"); process.exit(); }
    const line = (x) => `${x.level} [${x.code}]${x.origin ? ` (${x.origin}${x.reference ? ` ${x.reference}` : ""})` : ""} ${x.message}`;
    fs.writeFileSync(process.argv[2], m.map((x) => line(x) + "\n").join(""));
    const n = (l) => m.filter((x) => x.level === l).length;
    console.log(n("Error"), n("Warning"), n("Info"));' "$WORK/$label.istio.json" "$WORK/$label.istio.out")"
  read -r ISTIO_ERRORS ISTIO_WARNINGS ISTIO_INFOS <<<"$counts"
  TOOL_DETAIL="$applied objects + $pods pods applied, $ISTIO_ERRORS errors, $ISTIO_WARNINGS warnings, $ISTIO_INFOS info"
  ((${#ISTIO_SUPPRESS[@]})) && TOOL_DETAIL+=", ${#ISTIO_SUPPRESS[@]} suppressions"
  if ((rc != 0)) || [[ "$ISTIO_ERRORS $ISTIO_WARNINGS" != "0 0" ]]; then
    echo "---- istioctl analyze after applying $dir (exit $rc) ----" >&2
    cat "$WORK/$label.istio.out" "$WORK/$label.istio.err" >&2
    istio_cleanup "$label"; return 1
  fi
  # Info messages do not fail the run; they are printed so that they are seen.
  grep -E '^Info ' "$WORK/$label.istio.out" | sed "s#^#  [$label] #" >&2 || true
  istio_cleanup "$label" || { TOOL_DETAIL+="; cleanup failed"; return 1; }
}

# workload_pods FILES... -> a Pod per Deployment/StatefulSet/DaemonSet/ReplicaSet/Job, made
# from its pod template (named <workload>-conformance), as YAML on stdout.
workload_pods() {
  node -e '
    const fs = require("fs"), yaml = require("js-yaml");
    const kinds = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);
    const pods = [];
    for (const f of process.argv.slice(1)) for (const o of yaml.loadAll(fs.readFileSync(f, "utf8"))) {
      if (!o || !kinds.has(o.kind) || !o.spec || !o.spec.template) continue;
      const t = o.spec.template, m = t.metadata || {};
      // A StatefulSet mounts its volumeClaimTemplates by name: a bare Pod gets an emptyDir of each.
      const claims = (o.spec.volumeClaimTemplates || []).map((c) => ({ name: c.metadata.name, emptyDir: {} }));
      const spec = claims.length ? { ...t.spec, volumes: [...(t.spec.volumes || []), ...claims] } : t.spec;
      pods.push({ apiVersion: "v1", kind: "Pod",
        metadata: { name: `${o.metadata.name}-conformance`, namespace: o.metadata.namespace,
          ...(m.labels ? { labels: m.labels } : {}), ...(m.annotations ? { annotations: m.annotations } : {}) },
        spec });
    }
    process.stdout.write(pods.map((p) => "---\n" + yaml.dump(p, { lineWidth: -1 })).join(""));' "$@"
}

istio_cleanup() {
  [[ -s "$WORK/$1.rest.yaml" ]] || return 0
  k delete --ignore-not-found --wait=false -f "$WORK/$1.rest.yaml" >"$WORK/$1.delete.out" 2>"$WORK/$1.delete.err" \
    || { cat "$WORK/$1.delete.err" >&2; return 1; }
}

# ---- Checkov -----------------------------------------------------------------------
# Checkov takes many seconds just to start (and minutes on a loaded 2-core machine), so it
# runs once over every file of every unit (and the self-test sample), and each unit is then
# judged on the results for its own files.
# checkov_scan FILES...: one run, report in $WORK/checkov.json; 0 when a report was written.
checkov_scan() {
  local fargs=() f rc=0
  need_tool "$CHECKOV_BIN" || { log "checkov scan not run: $TOOL_DETAIL"; return 1; }
  for f in "$@"; do fargs+=(-f "$f"); done
  # --skip-download: never contact the vendor's platform (no API key is used; offline).
  # CKV_SKIP_PACKAGE_UPDATE_CHECK: no PyPI version check.
  ( cd "$REPO_ROOT" && CKV_SKIP_PACKAGE_UPDATE_CHECK=true \
      "$CHECKOV_BIN" --config-file "$CONF_DIR/.checkov.yaml" --skip-download \
      "${fargs[@]}" -o json >"$WORK/checkov.json" 2>"$WORK/checkov.err" ) || rc=$?
  # Checkov exits 1 when a check failed; anything else non-zero is a tool error.
  if ((rc > 1)) || ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$WORK/checkov.json" 2>/dev/null; then
    log "checkov produced no report (exit $rc):"; cat "$WORK/checkov.err" >&2
    rm -f "$WORK/checkov.json"; return 1
  fi
}

# checkov_unit MODE DIR LABEL: the unit passes with 0 failed checks and 0 parsing errors
# among its files. Exemptions: per object, as checkov.io/skip<N> annotations (none global).
checkov_unit() {
  local mode="$1" dir="$2" label="$3" files=()
  [[ -f "$WORK/checkov.json" ]] || { TOOL_DETAIL="no Checkov report (the scan failed, see above)"; return 1; }
  # Both the path as given and the resolved one, whichever Checkov reports.
  mapfile -t files < <(unit_files "$mode" "$dir" | while read -r f; do echo "$f"; realpath "$f"; done)
  local counts
  counts="$(node -e '
    const [report, ...files] = process.argv.slice(1);
    const mine = new Set(files);
    const r = JSON.parse(require("fs").readFileSync(report, "utf8"));
    const runs = Array.isArray(r) ? r : [r];
    let p = 0, s = 0, e = 0; const failed = [];
    for (const x of runs) {
      const res = x.results || {};
      const own = (list) => (list || []).filter((c) => mine.has(c.file_abs_path));
      p += own(res.passed_checks).length; s += own(res.skipped_checks).length;
      e += (res.parsing_errors || []).filter((f) => mine.has(f)).length;
      for (const c of own(res.failed_checks))
        failed.push(`${c.check_id} ${c.resource} (${c.file_path.replace(/^\//, "")}): ${c.check_name}`);
    }
    console.log(p, failed.length, s, e);
    for (const l of failed.sort()) console.log(l);' "$WORK/checkov.json" "${files[@]}")" \
    || { TOOL_DETAIL="could not read the Checkov report"; return 1; }
  local p fl sk pe
  read -r p fl sk pe <<<"${counts%%$'\n'*}"
  TOOL_DETAIL="$p passed, $fl failed, $sk skipped by a checkov.io/skip annotation with its reason, $pe parsing errors"
  tail -n +2 <<<"$counts" >"$WORK/$label.findings"
  if [[ "$p" == 0 && "$fl" == 0 && "$pe" == 0 ]]; then
    # Checkov has checks for built-in kinds only; a unit of custom resources gets none.
    TOOL_DETAIL+=" (no Checkov check applies to: $(unit_files "$mode" "$dir" | xargs -r sed -n 's/^kind:[[:space:]]*//p' | sort -u | paste -sd ' '))"
  fi
  if [[ "$fl" != 0 || "$pe" != 0 ]]; then
    echo "---- checkov findings in $dir ----" >&2
    cat "$WORK/$label.findings" >&2
    return 1
  fi
}

checkov_version() { # cheap: the installed distribution's version (the scan proves it runs)
  [[ -x "$CHECKOV_BIN" && -f "$CHECKOV_VENV/.complete" ]] || { TOOL_DETAIL="missing $CHECKOV_VENV (see build log above)"; return 1; }
  local v
  v="$("$CHECKOV_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>&1)" \
    || { TOOL_DETAIL="checkov venv broken: ${v%%$'\n'*}"; return 1; }
  [[ "$v" == "$CHECKOV_VERSION" ]] || { TOOL_DETAIL="venv holds checkov $v, want $CHECKOV_VERSION"; return 1; }
  TOOL_DETAIL="checkov $v (venv $CHECKOV_VENV)"
}

# ---- promtool ----------------------------------------------------------------------
# Extract the spec (rule groups) of every PrometheusRule under DIST into
# OUT/<platform>/<cluster>/<namespace>.<name>.yaml; prints the files written.
extract_prometheus_rules() { # DIST OUT
  node -e '
    const fs = require("fs"), path = require("path"), yaml = require("js-yaml");
    const [dist, out] = process.argv.slice(1);
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)
      .flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(d, e.name)] : []);
    for (const file of walk(dist)) {
      for (const doc of yaml.loadAll(fs.readFileSync(file, "utf8"))) {
        if (!doc || doc.kind !== "PrometheusRule") continue;
        const rel = path.relative(dist, path.dirname(file)).split(path.sep).slice(0, 2).join("/");
        const name = `${doc.metadata.namespace || "default"}.${doc.metadata.name}.yaml`;
        const target = path.join(out, rel, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // promtool reads a rule file as {groups: [...]}, which is exactly the CR spec.
        fs.writeFileSync(target, yaml.dump({ groups: (doc.spec && doc.spec.groups) || [] }, { lineWidth: -1 }));
        console.log(target);
      }
    }' "$1" "$2"
}

promtool_check_rules() { # FILE LABEL
  need_tool "$PROMTOOL_BIN" || return 1
  if "$PROMTOOL_BIN" check rules "$1" >"$WORK/$2.out" 2>&1; then
    TOOL_DETAIL="$(grep -m1 -oE 'SUCCESS: [0-9]+ rules found' "$WORK/$2.out" || echo SUCCESS)"
  else
    TOOL_DETAIL="$(grep -m1 -E 'FAILED|error' "$WORK/$2.out" | cut -c1-160)"; cat "$WORK/$2.out" >&2; return 1
  fi
}

# promtool test rules runs from the folder holding the extracted rules, so a test's
# rule_files are paths like "hyperscale/us-east/monitoring.hyperscale-alerts.yaml".
promtool_test_rules() { # TESTFILE RULESDIR LABEL
  need_tool "$PROMTOOL_BIN" || return 1
  local copy; copy="$2/$(basename "$1")"
  cp "$1" "$copy"
  if (cd "$2" && "$PROMTOOL_BIN" test rules "$(basename "$1")") >"$WORK/$3.out" 2>&1; then
    TOOL_DETAIL="SUCCESS"
  else
    TOOL_DETAIL="$(grep -m1 -E 'FAILED|rror' "$WORK/$3.out" | cut -c1-160)"; cat "$WORK/$3.out" >&2; rm -f "$copy"; return 1
  fi
  rm -f "$copy"
}

# ---- data tier ---------------------------------------------------------------------
# data_script FILE LABEL: run one conformance/data/*.sh with no arguments (their own
# positional arguments have defaults, e.g. redis-cluster.sh [SHARDS] [REPLICAS]); the dist
# folder is in $CONFORMANCE_DIST.
data_script() {
  local t0=$SECONDS
  if CONFORMANCE_DIST="$DIST" CONFORMANCE_CACHE="$CONFORMANCE_CACHE" \
      bash "$1" >"$WORK/$2.out" 2>&1 </dev/null; then
    # The script's own count line ("# N passed, M failed" or "<name>: N passed, M failed"), if any.
    TOOL_DETAIL="exit 0 in $((SECONDS - t0))s; $(grep -m1 -E '^(# )?([a-z0-9-]+: )?[0-9]+ passed, [0-9]+ failed' "$WORK/$2.out" | sed 's/^# //' || true)"
  else
    local rc=$?
    TOOL_DETAIL="exit $rc in $((SECONDS - t0))s: $(tail -1 "$WORK/$2.out" | cut -c1-140)"
    cat "$WORK/$2.out" >&2; return 1
  fi
}

# ---- CRDs --------------------------------------------------------------------------
# The CRDs the rendered folders use now or will use (Argo CD delivery, the add-ons, the
# data tier, observability, load tests) must all be installed and Established.
REQUIRED_CRDS=(
  applications.argoproj.io applicationsets.argoproj.io appprojects.argoproj.io
  destinationrules.networking.istio.io virtualservices.networking.istio.io gateways.networking.istio.io
  serviceentries.networking.istio.io peerauthentications.security.istio.io
  authorizationpolicies.security.istio.io telemetries.telemetry.istio.io
  scaledobjects.keda.sh scaledjobs.keda.sh triggerauthentications.keda.sh
  certificates.cert-manager.io clusterissuers.cert-manager.io
  servicemonitors.monitoring.coreos.com podmonitors.monitoring.coreos.com
  prometheusrules.monitoring.coreos.com alertmanagerconfigs.monitoring.coreos.com
  clusters.postgresql.cnpg.io poolers.postgresql.cnpg.io
  kafkas.kafka.strimzi.io kafkanodepools.kafka.strimzi.io kafkatopics.kafka.strimzi.io kafkausers.kafka.strimzi.io
  rabbitmqclusters.rabbitmq.com
  verticalpodautoscalers.autoscaling.k8s.io verticalpodautoscalercheckpoints.autoscaling.k8s.io
  testruns.k6.io
  kongplugins.configuration.konghq.com kongconsumers.configuration.konghq.com
)
required_crds() {
  local have missing=() c
  have=" $(k get crd -o jsonpath='{range .items[*]}{.metadata.name}{"="}{range .status.conditions[?(@.type=="Established")]}{.status}{end}{"\n"}{end}' \
    | sed -n 's/=True$//p' | tr '\n' ' ') "
  for c in "${REQUIRED_CRDS[@]}"; do [[ "$have" == *" $c "* ]] || missing+=("$c"); done
  if ((${#missing[@]})); then TOOL_DETAIL="not Established: ${missing[*]}"; return 1; fi
  TOOL_DETAIL="${#REQUIRED_CRDS[@]} required CRDs Established (of $CRD_COUNT installed from ${CRDS_DIR#"$REPO_ROOT"/})"
}

# ---- self-tests for the tools: each must reject a broken sample --------------------
ist_selftest() { # the analyzer must flag a VirtualService bound to a Gateway that does not exist
  local d="$ST/istio-bad"; mkdir -p "$d"
  cat >"$d/vs.yaml" <<'YAML'
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: orphan, namespace: conformance-selftest}
spec:
  hosts: [orphan.example]
  gateways: [no-such-gateway]
  http: [{route: [{destination: {host: orphan.conformance-selftest.svc.cluster.local}}]}]
YAML
  if istio_unit "$d" selftest-istio; then TOOL_DETAIL="istioctl passed a VirtualService with a missing gateway"; return 1; fi
  grep -q 'IST0101' "$WORK/selftest-istio.istio.out" || { TOOL_DETAIL="failed, but not with IST0101: $TOOL_DETAIL"; return 1; }
  TOOL_DETAIL="rejected as expected: $(grep -m1 IST0101 "$WORK/selftest-istio.istio.out" | cut -c1-90)"
}
checkov_selftest() { # Checkov must flag the privileged container of $ST/checkov-bad (scanned with the rest)
  if checkov_unit cluster "$ST/checkov-bad" selftest-checkov; then TOOL_DETAIL="checkov passed a privileged pod"; return 1; fi
  grep -q '^CKV_K8S_16 ' "$WORK/selftest-checkov.findings" || { TOOL_DETAIL="failed, but not with CKV_K8S_16: $TOOL_DETAIL"; return 1; }
  TOOL_DETAIL="rejected as expected (CKV_K8S_16 privileged container; $TOOL_DETAIL)"
}
checkov_selftest_sample() {
  mkdir -p "$ST/checkov-bad"
  cat >"$ST/checkov-bad/pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: root, namespace: default}
spec:
  containers: [{name: c, image: registry.example/web:1.0.0, securityContext: {privileged: true}}]
YAML
}
promtool_selftest() { # check rules must reject bad PromQL; test rules must run from the rules folder
  local d="$ST/promtool"; mkdir -p "$d/p/c"
  cat >"$d/p/c/ns.bad.yaml" <<'YAML'
groups:
- name: bad
  rules:
  - alert: Broken
    expr: sum(rate(http_requests_total[5m]) by (job)
YAML
  if promtool_check_rules "$d/p/c/ns.bad.yaml" selftest-promtool-bad; then TOOL_DETAIL="promtool passed unbalanced PromQL"; return 1; fi
  cat >"$d/p/c/ns.good.yaml" <<'YAML'
groups:
- name: good
  rules:
  - alert: HighErrorRate
    expr: rate(errors_total[5m]) > 1
    for: 1m
    labels: {severity: critical}
YAML
  cat >"$d/selftest-tests.yaml" <<'YAML'
rule_files: [p/c/ns.good.yaml]
evaluation_interval: 1m
tests:
- interval: 1m
  input_series:
  - {series: 'errors_total{job="api"}', values: '0+120x10'}
  alert_rule_test:
  - {eval_time: 5m, alertname: HighErrorRate, exp_alerts: [{exp_labels: {severity: critical, job: api}}]}
YAML
  mv "$d/selftest-tests.yaml" "$ST/promtool-tests.yaml"
  promtool_check_rules "$d/p/c/ns.good.yaml" selftest-promtool-good || { TOOL_DETAIL="good rule rejected: $TOOL_DETAIL"; return 1; }
  promtool_test_rules "$ST/promtool-tests.yaml" "$d" selftest-promtool-test || { TOOL_DETAIL="test rules failed: $TOOL_DETAIL"; return 1; }
  TOOL_DETAIL="bad PromQL rejected; an alert test passed from the rules folder"
}
