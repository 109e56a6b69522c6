/** Every platform: its k6 TestRun (outside what Argo CD syncs), its namespaces' quotas and Pod Security labels. */
import * as vm from 'node:vm';
import { parse } from 'acorn';
import { PLATFORMS } from '../../platforms';
import { scaledStages } from '../../src/constructs/load-test';
import { checkNamespaceRules } from '../../src/render/namespace-rules';
import { parseQuantity } from '../../src/spec/quantity';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

/**
 * The script parsed as an ES module (acorn, already installed as a dependency of the TypeScript
 * toolchain), then its `options` evaluated with the k6 imports removed (k6 modules exist only in k6).
 */
function scriptOptions(script: string): any {
  const program = parse(script, { ecmaVersion: 2022, sourceType: 'module' });
  expect(program.body.map((n) => n.type)).toEqual(['ImportDeclaration', 'ImportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration']);
  const body = script.replace(/^import .*$/gm, '').replace('export const options', 'options').replace('export default function', 'run = function');
  const sandbox: any = { options: undefined, run: undefined };
  new vm.Script(body, { filename: 'load-test.js' }).runInNewContext(sandbox);
  return sandbox.options;
}

const PEAKS: Record<string, Record<string, number>> = {
  'hyperscale': { 'us-east': 333_334, 'eu-west': 333_334, 'apac': 333_334 },
  // Seed 001: 50,000 req/s at peak over four regions; seed 002: 1M req/s in its one region.
  'commerce': { 'us-east': 12_500, 'us-west': 12_500, 'eu-central': 12_500, 'apac': 12_500 },
  'hld-1m-rps': { 'us-east': 1_000_000 },
  'scaling-architecture': { 'us-east-1': 50_000, 'eu-west-1': 50_000, 'ap-south-1': 50_000 },
  'spike-ready': { 'us-east-1': 10_000 },
};

describe.each(PLATFORMS.map((p) => [p.name, p] as const))('%s', (name, platform) => {
  const objects = renderObjects(platform);

  describe.each(Object.keys(PEAKS[name]))('load test in %s', (region) => {
    const file = `${name}/loadtest/${region}/00-loadtest.yaml`;
    const configMap = findObject(objects, file, 'ConfigMap', `${name}-${region}`);
    const testRun = findObject(objects, file, 'TestRun', `${name}-${region}`);
    const options = scriptOptions(configMap.data['load-test.js']);
    const peak = PEAKS[name][region];

    it('parses as JavaScript, and its stages are seed 000\'s scaled to the peak', () => {
      const stages = options.scenarios.peak.stages;
      expect(stages).toEqual(scaledStages(peak));
      expect(stages.map((s: any) => s.duration)).toEqual(['5m', '10m', '5m']);
      expect(stages.map((s: any) => s.target)).toEqual([Math.round(peak / 10), peak, 0]);
      expect(options.scenarios.peak.executor).toBe('ramping-arrival-rate');
    });
    it('runs the script from the ConfigMap, on enough runners', () => {
      expect(testRun.spec.script.configMap).toEqual({ name: `${name}-${region}`, file: 'load-test.js' });
      expect(testRun.spec.parallelism).toBe(Math.ceil(peak / 10_000));
    });
    it('is never synced: no Application path covers the loadtest folder, and none recurses', () => {
      const appSet = findObject(objects, `${name}/applicationset.yaml`, 'ApplicationSet', name);
      const paths = appSet.spec.generators[0].list.elements.map((e: any) => e.path);
      expect(paths).not.toContain(`dist/${name}/loadtest`);
      expect(paths.every((p: string) => !`dist/${file}`.startsWith(`${p}/`))).toBe(true);
      expect(appSet.spec.template.spec.source.directory).toBeUndefined();
    });
    it('its cluster gets the k6 operator', () => {
      const apps = objects.filter((o) => o.file === `${name}/addons.yaml` && o.object.kind === 'Application');
      expect(apps.some((a) => a.object.spec.source.chart === 'k6-operator' && a.object.spec.destination.name === region)).toBe(true);
    });
  });

  it('every Namespace enforces restricted; meshed ones inject the sidecar', () => {
    const namespaces = objects.filter((o) => o.object.kind === 'Namespace');
    expect(namespaces.length).toBeGreaterThan(0);
    for (const ns of namespaces) {
      expect(ns.object.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(ns.object.metadata.labels['istio-injection']).toBe(ns.object.metadata.name === 'loadtest' ? 'disabled' : 'enabled');
    }
    expect(checkNamespaceRules(objects)).toEqual([]);
  });

  it('every quota admits maxReplicas of everything in its namespace', () => {
    const quotas = objects.filter((o) => o.object.kind === 'ResourceQuota');
    expect(quotas.length).toBeGreaterThan(0);
    const limitRanges = objects.filter((o) => o.object.kind === 'LimitRange');
    expect(limitRanges.map((l) => `${l.file} ${l.object.metadata.namespace}`)).toEqual(quotas.map((q) => `${q.file} ${q.object.metadata.namespace}`));
  });
});

describe('quota sizing and its rule', () => {
  const spike = PLATFORMS.find((p) => p.name === 'spike-ready')!;
  const objects = renderObjects(spike);
  const quota = findObject(objects, 'spike-ready/us-east-1/10-web.yaml', 'ResourceQuota', 'web-quota');

  it('is (maxReplicas + surge) × (requests + sidecar) + 10 %', () => {
    // api 20 + 5 surge, event-consumer 12 + 3 surge = 40 pods; each 1 CPU / 2 GiB + 100m / 128 MiB proxy.
    expect(quota.spec.hard).toEqual({ 'pods': '44', 'requests.cpu': '49', 'requests.memory': '94Gi', 'limits.cpu': '132', 'limits.memory': '132Gi' });
  });

  it('namespace-quota-admits fails a quota below the ceiling, naming the resource', () => {
    const edited = objects.map((o) => (o.object === quota ? { ...o, object: { ...quota, spec: { hard: { ...quota.spec.hard, 'requests.cpu': '30' } } } } : o));
    const findings = checkNamespaceRules(edited);
    expect(findings).toEqual([expect.objectContaining({ rule: 'namespace-quota-admits', object: 'ResourceQuota web/web-quota', path: 'spec.hard.requests.cpu' })]);
    // At maxReplicas without surge: 32 pods × 1.1 CPU = 35.2.
    expect(findings[0].message).toContain('30 admits less than the 35.2 the namespace\'s pods need at maxReplicas');
  });

  it('namespace-pod-security fails a Namespace without enforce: restricted', () => {
    const edited = objects.map((o) => (o.object.kind === 'Namespace' && o.object.metadata.name === 'web'
      ? { ...o, object: { ...o.object, metadata: { ...o.object.metadata, labels: { 'istio-injection': 'enabled' } } } } : o));
    expect(checkNamespaceRules(edited)).toEqual([expect.objectContaining({ rule: 'namespace-pod-security', object: 'Namespace web', path: 'metadata.labels.pod-security.kubernetes.io/enforce' })]);
  });

  it('the LimitRange admits the largest rendered container (the 2-CPU mesh proxy limit)', () => {
    const lr = findObject(objects, 'spike-ready/us-east-1/10-web.yaml', 'LimitRange', 'web-limits');
    expect(parseQuantity(lr.spec.limits[0].max.cpu)).toBe(2);
  });
});

describe('a namespace with pods the compiler does not render', () => {
  const hyperscale = PLATFORMS.find((p) => p.name === 'hyperscale')!;
  const objects = renderObjects(hyperscale);

  it('operator-run data clusters (CNPG, RabbitMQ) get no quota that could refuse their pods, by design: no warning', () => {
    for (const file of ['/10-data.yaml', '/10-messaging.yaml']) {
      expect(objects.filter((o) => o.file.endsWith(file) && ['ResourceQuota', 'LimitRange'].includes(o.object.kind))).toEqual([]);
    }
    expect(validatePlatform(hyperscale).filter((i) => i.rule === 'namespace-quota-skipped')).toEqual([]);
  });

  it('a declared external service in a namespace without a data tier: no quota, and validate says why (namespace-quota-skipped)', () => {
    const legacy = { namespace: 'web', podLabels: { 'app.kubernetes.io/name': 'legacy' }, ports: [{ number: 8080, protocol: 'TCP' as const }] };
    const platform = { ...hyperscale, mesh: { ...hyperscale.mesh!, externalServices: { ...hyperscale.mesh!.externalServices, legacy } } };
    const rendered = renderObjects(platform);
    expect(rendered.filter((o) => o.file.endsWith('/10-web.yaml') && ['ResourceQuota', 'LimitRange'].includes(o.object.kind))).toEqual([]);
    const warnings = validatePlatform(platform).filter((i) => i.rule === 'namespace-quota-skipped');
    expect(warnings.map((w) => [w.path, w.message])).toEqual([['hyperscale.namespaces.web',
      'namespace web also runs pods of legacy, which the compiler does not render: it gets no ResourceQuota or LimitRange, since they could not admit pods it cannot size']]);
  });
});
