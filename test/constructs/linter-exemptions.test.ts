/** Checkov exemptions live on the objects they apply to, derived from the pod spec, each with a reason. */
import { checkovExemptions } from '../../src/constructs/linter-exemptions';
import { renderedObjectsOf } from '../../src/render/schema-gate';
import { renderPlatforms } from '../../src/compile';
import { hyperscale } from '../../platforms/hyperscale';

type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };
const objects = renderedObjectsOf(renderPlatforms([hyperscale])).map((o) => o.object as Obj);
const usEast = (kind: string, namespace: string, name: string): Obj =>
  objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name)!;
const skippedChecks = (o: Obj): string[] =>
  Object.entries(o.metadata.annotations ?? {}).filter(([k]) => k.startsWith('checkov.io/skip')).map(([, v]) => v.split('=')[0]);

describe('checkovExemptions', () => {
  const container = { name: 'c', image: 'registry.internal/app:1.2.3', imagePullPolicy: 'IfNotPresent', livenessProbe: {}, readinessProbe: {} };

  it('numbers the skips in check-id order, each as CKV_K8S_<id>=<reason>', () => {
    const skips = checkovExemptions({ containers: [{ ...container, readinessProbe: undefined, env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] },
      { noReadiness: 'no Service selects it' });
    expect(Object.keys(skips)).toEqual(['checkov.io/skip1', 'checkov.io/skip2', 'checkov.io/skip3', 'checkov.io/skip4']);
    expect(Object.values(skips).map((v) => v.split('=')[0])).toEqual(['CKV_K8S_9', 'CKV_K8S_15', 'CKV_K8S_35', 'CKV_K8S_43']);
    expect(skips['checkov.io/skip1']).toBe('CKV_K8S_9=no Service selects it');
  });

  it('skips nothing whose condition does not hold: Always, a digest, no secret env, both probes', () => {
    expect(checkovExemptions({ containers: [{ ...container, imagePullPolicy: 'Always', image: 'r/app@sha256:' + 'a'.repeat(64) }] })).toEqual({});
  });

  it('never exempts a missing probe without a stated reason (the finding stays)', () => {
    const skips = checkovExemptions({ containers: [{ ...container, livenessProbe: undefined, readinessProbe: undefined }] });
    expect(Object.values(skips).map((v) => v.split('=')[0])).toEqual(['CKV_K8S_15', 'CKV_K8S_43']);
  });
});

describe('exemptions on the hyperscale render', () => {
  it('the API (probes, secrets by name) skips only pull policy, digest and secret env', () => {
    expect(skippedChecks(usEast('Deployment', 'web', 'api'))).toEqual(['CKV_K8S_15', 'CKV_K8S_35', 'CKV_K8S_43']);
  });

  it('a Celery worker (heartbeat liveness, no Service) also skips readiness, never liveness', () => {
    const worker = objects.find((o) => o.kind === 'Deployment' && o.metadata.name.startsWith('worker-'))!;
    expect(skippedChecks(worker)).toEqual(['CKV_K8S_9', 'CKV_K8S_15', 'CKV_K8S_35', 'CKV_K8S_43']);
  });

  it('celery beat alone skips liveness, with its reason', () => {
    const beat = usEast('Deployment', 'web', 'celery-beat');
    expect(skippedChecks(beat)).toEqual(['CKV_K8S_8', 'CKV_K8S_9', 'CKV_K8S_15', 'CKV_K8S_35', 'CKV_K8S_43']);
    expect(beat.metadata.annotations!['checkov.io/skip1']).toMatch(/^CKV_K8S_8=Celery beat has no heartbeat/);
  });

  it('the Redis StatefulSet has both probes, so it skips no probe check', () => {
    const redis = objects.find((o) => o.kind === 'StatefulSet')!;
    expect(skippedChecks(redis)).toEqual(['CKV_K8S_15', 'CKV_K8S_43']);
  });
});
