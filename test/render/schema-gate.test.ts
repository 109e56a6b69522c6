import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { checkRenderedObjects, fieldPath, Finding, formatFinding, renderedObjectsOf } from '../../src/render/schema-gate';
import { crdModule } from '../../src/render/gate-modules';
import { distTree } from '../support/dist-tree';

const ROOT = path.resolve(__dirname, '../..');

const objects = renderedObjectsOf(distTree());
const clone = <T>(value: T): T => structuredClone(value);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const first = (kind: string): { file: string; object: any } => {
  const found = objects.find((o) => (o.object as { kind: string }).kind === kind);
  if (!found) throw new Error(`no ${kind} in dist/`);
  return { file: found.file, object: clone(found.object) };
};
const check = (file: string, object: unknown): Finding[] => checkRenderedObjects([{ file, object }]);

describe('schema gate over today\'s dist/', () => {
  it('never changes what it checks, whether the schema has defaults or not', () => {
    // KEDA's ScaledObject schema sets defaults (ajv writes them, so the gate checks a copy);
    // Istio's DestinationRule sets none (checked in place).
    expect(crdModule('keda.sh/v1alpha1:ScaledObject')?.hasDefaults).toBe(true);
    expect(crdModule('networking.istio.io/v1:DestinationRule')?.hasDefaults).toBe(false);
    const before = JSON.stringify(objects);
    expect(checkRenderedObjects(objects)).toEqual([]);
    expect(JSON.stringify(objects)).toBe(before);
  });

  it('reads every document of every dist/ file', () => {
    const documents = [...distTree().values()].reduce((n, text) => n + yaml.loadAll(text).filter(Boolean).length, 0);
    expect(objects.length).toBe(documents);
    expect(objects.length).toBeGreaterThan(150);
  });

  it('finds nothing wrong in any object of dist/', () => {
    expect(checkRenderedObjects(objects).map(formatFinding)).toEqual([]);
  });

  it('leaves the objects it checks unchanged (defaults go onto a copy)', () => {
    const before = JSON.stringify(objects.map((o) => o.object));
    checkRenderedObjects(objects);
    expect(JSON.stringify(objects.map((o) => o.object))).toBe(before);
  });
});

describe('schema gate: built-in kinds (kubernetes-models)', () => {
  it('passes a valid Deployment', () => {
    const { file, object } = first('Deployment');
    expect(check(file, object)).toEqual([]);
  });

  it('names the object, file and exact field path of a wrong type', () => {
    const { file, object } = first('Deployment');
    object.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(check(file, object)).toEqual([{
      file, apiVersion: 'apps/v1', kind: 'Deployment', namespace: object.metadata.namespace, name: object.metadata.name,
      path: 'spec.template.spec.containers[0].ports[0].containerPort', message: 'must be integer',
    }]);
  });

  it('reports a missing required field at the field itself', () => {
    const { file, object } = first('Deployment');
    delete object.spec.template.spec.containers[0].name;
    expect(check(file, object).map((f) => [f.path, f.message])).toEqual([['spec.template.spec.containers[0].name', 'required field is missing']]);
  });

  it('rejects an apiVersion/kind it has no schema for', () => {
    expect(check('x.yaml', { apiVersion: 'example.com/v1', kind: 'Nope', metadata: { name: 'n' } })).toEqual([{
      file: 'x.yaml', apiVersion: 'example.com/v1', kind: 'Nope', name: 'n', path: '(root)',
      message: 'no schema known for example.com/v1 Nope: not a Kubernetes built-in kind nor served by a CRD in crds/',
    }]);
  });
});

describe('schema gate: CRD kinds (precompiled openAPIV3Schema)', () => {
  it('passes a valid ScaledObject', () => {
    const { file, object } = first('ScaledObject');
    expect(check(file, object)).toEqual([]);
  });

  it('names the exact field path of a wrong type in a CRD object', () => {
    const { file, object } = first('ScaledObject');
    object.spec.maxReplicaCount = 'ten';
    expect(check(file, object).map((f) => [f.apiVersion, f.kind, f.path, f.message])).toEqual([
      ['keda.sh/v1alpha1', 'ScaledObject', 'spec.maxReplicaCount', 'must be integer'],
    ]);
  });

  it('rejects an unknown field, as kubectl --validate=strict does', () => {
    const { file, object } = first('ScaledObject');
    object.spec.triggers[0].metadataa = {};
    expect(check(file, object).map((f) => [f.path, f.message])).toEqual([['spec.triggers[0].metadataa', "unknown field 'metadataa'"]]);
  });

  it('checks CRD metadata against ObjectMeta', () => {
    const { file, object } = first('ScaledObject');
    object.metadata.labels = { team: 7 };
    expect(check(file, object).map((f) => [f.path, f.message])).toEqual([['metadata.labels.team', 'must be string']]);
  });

  it('reads Go (?i) patterns case-insensitively (PrometheusRule partial_response_strategy: ^(?i)(abort|warn)?$)', () => {
    const rule = (strategy: string) => ({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r', namespace: 'n' },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ alert: 'A', expr: 'up == 0' }] }] },
    });
    expect(check('r.yaml', rule('ABORT'))).toEqual([]);
    expect(check('r.yaml', rule('Warn'))).toEqual([]);
    expect(check('r.yaml', rule('sometimes')).map((f) => f.path)).toEqual(['spec.groups[0].partial_response_strategy']);
  });
});

describe('schema gate: CEL x-kubernetes-validations', () => {
  const KEDA_RULE = '!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount) ? self.maxReplicaCount : 100)';

  it('catches a ScaledObject that breaks KEDA\'s minReplicaCount <= maxReplicaCount rule', () => {
    const { file, object } = first('ScaledObject');
    object.spec.minReplicaCount = 50;
    object.spec.maxReplicaCount = 10;
    expect(check(file, object)).toEqual([{
      file, apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', namespace: object.metadata.namespace, name: object.metadata.name,
      path: 'spec', message: 'minReplicaCount must be less than or equal to maxReplicaCount', rule: KEDA_RULE,
    }]);
  });

  it('evaluates the rule\'s own default (maxReplicaCount absent means 100)', () => {
    const { file, object } = first('ScaledObject');
    delete object.spec.maxReplicaCount;
    object.spec.minReplicaCount = 100;
    expect(check(file, object)).toEqual([]);
    object.spec.minReplicaCount = 101;
    expect(check(file, object).map((f) => f.rule)).toEqual([KEDA_RULE]);
  });

  it('evaluates rules on map keys and values (Istio AuthorizationPolicy matchLabels: no wildcard)', () => {
    const policy = objects.map((o) => o.object as any).find((o) => o.kind === 'AuthorizationPolicy' && o.spec?.selector?.matchLabels);
    const object = clone(policy);
    expect(check('p.yaml', object)).toEqual([]);
    object.spec.selector.matchLabels['app.kubernetes.io/name'] = 'api*';
    expect(check('p.yaml', object).map((f) => [f.path, f.message])).toEqual([
      ['spec.selector.matchLabels[app.kubernetes.io/name]', 'wildcard not allowed in label value match'],
    ]);
  });

  it('evaluates duration rules (Istio DestinationRule baseEjectionTime must be at least 1ms)', () => {
    const rule = objects.map((o) => o.object as any).find((o) => o.kind === 'DestinationRule' && o.spec?.trafficPolicy?.outlierDetection);
    const object = clone(rule);
    object.spec.trafficPolicy.outlierDetection.baseEjectionTime = '0s';
    expect(check('d.yaml', object).map((f) => [f.path, f.message, f.rule])).toEqual([
      ['spec.trafficPolicy.outlierDetection.baseEjectionTime', 'must be a valid duration greater than 1ms', "duration(self) >= duration('1ms')"],
    ]);
  });

  it('runs no CEL rule on an object that already fails its schema (as the API server)', () => {
    const { file, object } = first('ScaledObject');
    object.spec.minReplicaCount = 50;
    object.spec.maxReplicaCount = '10';
    expect(check(file, object).map((f) => f.message)).toEqual(['must be integer']);
  });
});

describe('fieldPath', () => {
  it('writes array indexes and non-identifier keys in brackets, as the API server does', () => {
    const root = { spec: { list: [{ 'a.b/c': 1 }] } };
    expect(fieldPath(root, '/spec/list/0/a.b~1c')).toBe('spec.list[0][a.b/c]');
    expect(fieldPath(root, '')).toBe('(root)');
  });
});

describe('the gate compiles nothing at run time', () => {
  it('src/render never imports ajv (validators come precompiled from build/schema-gate and kubernetes-models)', () => {
    const dir = path.join(ROOT, 'src/render');
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(fs.readFileSync(path.join(dir, file), 'utf8')).not.toMatch(/from 'ajv'|require\('ajv'\)/);
  });

  it('has one precompiled module per served CRD version in crds/ (42)', () => {
    const index = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/schema-gate/index.json'), 'utf8'));
    expect(Object.keys(index.kinds)).toHaveLength(42);
    expect(index.kinds['argoproj.io/v1alpha1:ApplicationSet'].module).toBe('crd/argoproj.io_v1alpha1_ApplicationSet.js');
    // VPA v1beta2 is listed in its CRD but not served: no validator.
    expect(index.kinds['autoscaling.k8s.io/v1beta2:VerticalPodAutoscaler']).toBeUndefined();
  });
});
