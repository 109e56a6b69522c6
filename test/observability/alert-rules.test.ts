/** The rendered PrometheusRule: exact expressions, thresholds, durations and severities. */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { hyperscale } from '../../platforms/hyperscale';
import { OBSERVABILITY_DEFAULTS, SLO_BURN_WINDOWS } from '../../src/model/defaults';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extract } = require('../../conformance/prometheus-tests/extract-rules.cjs');

const REQ = 'reporter="destination",destination_workload_namespace="web"';
const BY = 'destination_workload_namespace, destination_workload';
const ratio = (w: string) => `namespace_workload:istio_requests_error_ratio:rate${w}`;

function rulesOf(objects: ReturnType<typeof renderObjects>, file: string, name: string): Map<string, any> {
  const rule = findObject(objects, file, 'PrometheusRule', name);
  const out = new Map<string, any>();
  for (const g of rule.spec.groups) for (const r of g.rules) out.set(r.alert ? `${r.alert}${r.labels.queue ? `/${r.labels.queue}` : ''}` : r.record, { ...r, group: g.name });
  return out;
}

describe('hyperscale alert rules (seed 000)', () => {
  const objects = renderObjects(hyperscale);
  const rules = rulesOf(objects, 'hyperscale/us-east/10-web.yaml', 'hyperscale-alerts');
  const alert = (name: string) => { const r = rules.get(name); if (!r) throw new Error(`no alert ${name}`); return r; };

  it('is one PrometheusRule per namespace and cluster, valid against the vendored CRD', () => {
    const all = objects.filter((o) => o.object.kind === 'PrometheusRule');
    expect(all.map((o) => `${o.file}:${o.object.metadata.namespace}/${o.object.metadata.name}`)).toEqual([
      // The data namespace (the Redis Cluster) gets its own: crash loops, PDBs, CPU.
      'hyperscale/apac/10-data.yaml:data/hyperscale-alerts',
      'hyperscale/apac/10-messaging.yaml:messaging/hyperscale-alerts',
      'hyperscale/apac/10-web.yaml:web/hyperscale-alerts',
      'hyperscale/eu-west/10-data.yaml:data/hyperscale-alerts',
      'hyperscale/eu-west/10-messaging.yaml:messaging/hyperscale-alerts',
      'hyperscale/eu-west/10-web.yaml:web/hyperscale-alerts',
      'hyperscale/us-east/10-data.yaml:data/hyperscale-alerts',
      'hyperscale/us-east/10-messaging.yaml:messaging/hyperscale-alerts',
      'hyperscale/us-east/10-web.yaml:web/hyperscale-alerts',
    ]);
    for (const { object } of all) expect(schemaErrors(object)).toEqual([]);
    const groups = findObject(objects, 'hyperscale/us-east/10-web.yaml', 'PrometheusRule', 'hyperscale-alerts').spec.groups.map((g: any) => g.name);
    expect(groups).toEqual(['web-request-ratios', 'web-golden-signals', 'web-slo-burn', 'web-workloads', 'web-backlog', 'web-data-tier']);
  });

  it('records the 5xx ratio per workload over every window the alerts read', () => {
    expect([...rules.keys()].filter((k) => k.includes(':'))).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map(ratio));
    expect(rules.get(ratio('1h')).expr).toBe(
      `sum by (${BY}) (rate(istio_requests_total{${REQ},response_code=~"5.."}[1h])) / sum by (${BY}) (rate(istio_requests_total{${REQ}}[1h]))`);
  });

  it('pages at p95 > 500 ms and warns at p95 > 200 ms', () => {
    const p95 = `histogram_quantile(0.95, sum by (${BY}, le) (rate(istio_request_duration_milliseconds_bucket{${REQ}}[5m])))`;
    expect(alert('HttpLatencyP95Critical')).toMatchObject({ expr: `${p95} > 500`, for: '5m', labels: { severity: 'critical' } });
    expect(alert('HttpLatencyP95Warning')).toMatchObject({ expr: `${p95} > 200`, for: '5m', labels: { severity: 'warning' } });
  });

  it('pages at a 5xx ratio > 1 % and warns at > 0.5 %', () => {
    expect(alert('HttpErrorRateCritical')).toMatchObject({ expr: `${ratio('5m')}{destination_workload_namespace="web"} > 0.01`, for: '5m', labels: { severity: 'critical' } });
    expect(alert('HttpErrorRateWarning')).toMatchObject({ expr: `${ratio('5m')}{destination_workload_namespace="web"} > 0.005`, for: '5m', labels: { severity: 'warning' } });
  });

  it('burns the 99.99 % budget (0.0001) at 14.4× and 6× (page), 3× and 1× (ticket), each over a long and a short window', () => {
    const sel = '{destination_workload_namespace="web"}';
    const expected = [
      ['ErrorBudgetBurn1h', '1h', '5m', '14.4', 'critical', '2m'],
      ['ErrorBudgetBurn6h', '6h', '30m', '6', 'critical', '2m'],
      ['ErrorBudgetBurn1d', '1d', '2h', '3', 'warning', '15m'],
      ['ErrorBudgetBurn3d', '3d', '6h', '1', 'warning', '15m'],
    ];
    for (const [name, long, short, rate, severity, forDuration] of expected) {
      expect(alert(name)).toMatchObject({
        expr: `${ratio(long)}${sel} > (${rate} * 0.0001) and ${ratio(short)}${sel} > (${rate} * 0.0001)`,
        for: forDuration,
        labels: { severity, long_window: long, short_window: short },
      });
    }
    // The SRE workbook's budget shares over 30 days (720 h): 2 % in 1 h, 5 % in 6 h, 10 % in 1 d and in 3 d.
    const hours: Record<string, number> = { '1h': 1, '6h': 6, '1d': 24, '3d': 72 };
    expect(SLO_BURN_WINDOWS.map((w) => Number(((w.burnRate * hours[w.long]) / 720).toFixed(4)))).toEqual([0.02, 0.05, 0.1, 0.1]);
  });

  it('pages on crash loops and warns on CPU, an HPA at its ceiling and a PDB that blocks drains', () => {
    expect(alert('PodCrashLooping')).toMatchObject({
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{namespace="web",reason="CrashLoopBackOff"}[5m]) >= 1', for: '15m', labels: { severity: 'critical' } });
    expect(alert('ContainerCpuHigh')).toMatchObject({
      expr: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace="web",container!=""}[5m])) / ' +
        'sum by (namespace, pod, container) (kube_pod_container_resource_requests{namespace="web",resource="cpu"}) > 0.8',
      for: '15m', labels: { severity: 'warning' } });
    expect(alert('HpaPinnedAtMaxReplicas')).toMatchObject({
      expr: 'kube_horizontalpodautoscaler_status_current_replicas{namespace="web"} >= on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas{namespace="web"}',
      for: '15m', labels: { severity: 'warning' } });
    expect(alert('PdbNoDisruptionsAllowed')).toMatchObject({
      expr: 'kube_poddisruptionbudget_status_pod_disruptions_allowed{namespace="web"} == 0', for: '15m', labels: { severity: 'warning' } });
  });

  it("warns when a Celery queue's backlog exceeds what maxWorkers drain (maxWorkers × messagesPerWorker)", () => {
    const backlog = (so: string, limit: number) =>
      `max by (exported_namespace, scaledObject) (keda_scaler_metrics_value{exported_namespace="web",scaledObject="${so}"}) > ${limit}`;
    expect(alert('CeleryQueueBacklog/high_priority')).toMatchObject({ expr: backlog('worker-high-priority', 400 * 4), for: '10m', labels: { severity: 'warning', queue: 'high_priority' } });
    expect(alert('CeleryQueueBacklog/normal')).toMatchObject({ expr: backlog('worker-normal', 800 * 16), labels: { queue: 'normal' } });
    // The ScaledObject the alert reads is the worker's own.
    expect(findObject(objects, 'hyperscale/us-east/10-web.yaml', 'ScaledObject', 'worker-high-priority').spec.maxReplicaCount).toBe(400);
  });

  it('pages on replication lag > 10 s and warns on a cache hit ratio < 90 % in the data namespace the workers reach', () => {
    expect(alert('PostgresReplicationLag')).toMatchObject({ expr: 'max by (namespace, pod) (cnpg_pg_replication_lag{namespace=~"data"}) > 10', for: '2m', labels: { severity: 'critical' } });
    // redis_exporter's counters, grouped by the PodMonitor's `workload` label (the Redis Cluster's name).
    const rate = (s: string) => `sum by (namespace, workload) (rate(${s}{namespace=~"data"}[5m]))`;
    expect(alert('RedisCacheHitRatioLow')).toMatchObject({
      expr: `${rate('redis_keyspace_hits_total')} / (${rate('redis_keyspace_hits_total')} + ${rate('redis_keyspace_misses_total')}) < 0.9`, for: '15m', labels: { severity: 'warning' } });
  });

  it('takes every threshold from the defaults table', () => {
    expect(OBSERVABILITY_DEFAULTS.critical).toEqual({ latencyP95Ms: 500, errorRatio: 0.01, replicationLagSeconds: 10 });
    expect(OBSERVABILITY_DEFAULTS.warning).toEqual({ latencyP95Ms: 200, errorRatio: 0.005, cacheHitRatio: 0.9, cpuUtilization: 0.8 });
  });
});

describe('the SLO target from the spec', () => {
  it('derives the budget from observability.slo.availability (99.9 % → 0.001)', () => {
    const objects = renderObjects({ ...hyperscale, observability: { slo: { availability: 99.9 } } });
    const rules = rulesOf(objects, 'hyperscale/us-east/10-web.yaml', 'hyperscale-alerts');
    expect(rules.get('ErrorBudgetBurn1h').expr).toBe(
      `${ratio('1h')}{destination_workload_namespace="web"} > (14.4 * 0.001) and ${ratio('5m')}{destination_workload_namespace="web"} > (14.4 * 0.001)`);
    expect(rules.get('ErrorBudgetBurn1h').annotations.summary).toBe('Error budget of the 99.9 % availability SLO burning at 14.4× over 1h');
  });

  it.each([[100, '≤'], [0, '≥']])('rejects availability %s with schema-range at its path', (availability) => {
    const issues = validatePlatform({ ...hyperscale, observability: { slo: { availability } } }).filter((i) => i.severity !== 'warning');
    expect(issues.map((i) => `${i.path} [${i.rule}]`)).toEqual(['hyperscale.observability.slo.availability [schema-range]']);
  });

  it('rejects an SLO on a platform without the mesh (nothing would measure it) with mesh-required', () => {
    const issues = validatePlatform(shopPlatform({ observability: { slo: { availability: 99.9 } } }));
    expect(issues.map((i) => `${i.path}: ${i.message} [${i.rule}]`)).toEqual([
      "shop.observability.slo: the SLO is measured from the sidecars' request metrics (istio_requests_total), but the platform has no 'mesh' section, so no SLO alert would be rendered [mesh-required]",
    ]);
  });

  it('accepts an SLO on the meshed hyperscale platform', () => {
    const issues = validatePlatform({ ...hyperscale, observability: { slo: { availability: 99.95 } } }).filter((i) => i.severity !== 'warning');
    expect(issues).toEqual([]);
  });

  it("renders golden signals without the mesh from the app's own metrics, and no SLO (measured by the mesh only)", () => {
    const rule = findObject(renderObjects(shopPlatform()), 'shop/east/10-store.yaml', 'PrometheusRule', 'shop-alerts');
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['store-request-ratios', 'store-golden-signals', 'store-workloads']);
    const rules = new Map<string, any>(rule.spec.groups.flatMap((g: any) => g.rules).map((r: any) => [r.alert ?? r.record, r]));
    const by = 'sum by (namespace, service)';
    expect([...rules.keys()].filter((k) => k.includes(':'))).toEqual(['namespace_service:http_requests_error_ratio:rate5m']);
    expect(rules.get('namespace_service:http_requests_error_ratio:rate5m').expr).toBe(
      `${by} (rate(http_requests_total{namespace="store",code=~"5.."}[5m])) / ${by} (rate(http_requests_total{namespace="store"}[5m]))`);
    const p95 = `histogram_quantile(0.95, ${by.replace(')', ', le)')} (rate(http_request_duration_seconds_bucket{namespace="store"}[5m]))) * 1000`;
    expect(rules.get('HttpLatencyP95Critical')).toMatchObject({ expr: `${p95} > 500`, for: '5m', labels: { severity: 'critical' } });
    expect(rules.get('HttpLatencyP95Warning')).toMatchObject({ expr: `${p95} > 200`, labels: { severity: 'warning' } });
    expect(rules.get('HttpErrorRateCritical')).toMatchObject({ expr: 'namespace_service:http_requests_error_ratio:rate5m{namespace="store"} > 0.01', labels: { severity: 'critical' } });
    expect(rules.get('HttpErrorRateWarning').expr).toBe('namespace_service:http_requests_error_ratio:rate5m{namespace="store"} > 0.005');
    expect(rules.get('HttpErrorRateWarning').annotations.description).toBe('{{ $labels.service }} in {{ $labels.namespace }}: {{ $value | humanizePercentage }} of requests fail.');
    expect([...rules.keys()].some((k) => k.startsWith('ErrorBudgetBurn'))).toBe(false);
  });
});

describe('promtool inputs (conformance/prometheus-tests)', () => {
  const dir = path.join(__dirname, '../../conformance/prometheus-tests');

  it('the committed rule and dashboard PromQL files are exactly what dist/ yields (node conformance/prometheus-tests/extract-rules.cjs)', () => {
    const files: Map<string, string> = extract(path.join(__dirname, '../../dist'));
    // Platform → its regions and namespaces.
    const platforms: [string, string[], string[]][] = [
      ['commerce', ['apac', 'eu-central', 'us-east', 'us-west'], ['data', 'kafka', 'shop']],
      ['hld-1m-rps', ['us-east'], ['api', 'data']],
      ['hyperscale', ['apac', 'eu-west', 'us-east'], ['data', 'messaging', 'web']],
      ['scaling-architecture', ['ap-south-1', 'eu-west-1', 'us-east-1'], ['app', 'data']],
      ['spike-ready', ['us-east-1'], ['data', 'kafka', 'web']],
    ];
    const DASHBOARD_NAMESPACE: Record<string, string> = { 'commerce': 'shop', 'hld-1m-rps': 'api', 'hyperscale': 'web', 'scaling-architecture': 'app', 'spike-ready': 'web' };
    const each = (f: (p: string, r: string, ns: string) => string) => platforms.flatMap(([p, regions, nss]) => regions.flatMap((r) => nss.map((ns) => f(p, r, ns))));
    expect([...files.keys()].sort()).toEqual([
      // One dashboard per platform and cluster, beside its first HTTP service.
      ...platforms.flatMap(([p, regions]) => regions.map((r) => `../dashboards/${p}/${r}/${DASHBOARD_NAMESPACE[p]}.${p}.yaml`)),
      ...each((p, r, ns) => `${p}/${r}/${ns}.${p}-alerts.yaml`)].sort());
    for (const [rel, content] of files) expect(fs.readFileSync(path.join(dir, 'rules', rel), 'utf8')).toBe(content);
  });

  it('tests every rendered alert both firing and silent', () => {
    const tests = yaml.load(fs.readFileSync(path.join(dir, 'hyperscale-alerts.yaml'), 'utf8')) as any;
    expect(tests.rule_files).toEqual(['hyperscale/us-east/web.hyperscale-alerts.yaml']);
    const rendered = (yaml.load(fs.readFileSync(path.join(dir, 'rules', tests.rule_files[0]), 'utf8')) as any).groups
      .flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => r.alert));
    const checks = tests.tests.flatMap((t: any) => t.alert_rule_test);
    for (const name of new Set<string>(rendered)) {
      const mine = checks.filter((c: any) => c.alertname === name);
      expect({ name, fires: mine.some((c: any) => c.exp_alerts.length > 0) }).toEqual({ name, fires: true });
      expect({ name, silent: mine.some((c: any) => c.exp_alerts.length === 0) }).toEqual({ name, silent: true });
    }
  });
});
