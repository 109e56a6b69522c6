/** scaling-metric-produced: every metric an HPA or ScaledObject reads has a producer in its cluster. */
import { PLATFORMS } from '../../platforms';
import { checkRenderedTree } from '../../src/render/gate';
import { checkScalingMetricsProduced } from '../../src/render/scaling-metrics';
import { ADDONS_FILE, renderWithAddons } from '../support/addon-fixtures';
import { shopPlatform } from '../support/fixtures';

const hyperscale = PLATFORMS.find((p) => p.name === 'hyperscale')!;
const rendered = renderWithAddons(hyperscale);
const WEB = 'hyperscale/us-east/10-web.yaml';

function mutate(change: (objects: { file: string; object: any }[]) => void): { file: string; object: any }[] {
  const copy = structuredClone(rendered);
  change(copy);
  return copy;
}
const adapterOf = (objects: { file: string; object: any }[], cluster = 'us-east') =>
  objects.find((o) => o.file === ADDONS_FILE('hyperscale') && o.object.metadata?.name === `hyperscale-${cluster}-prometheus-adapter`)!.object;
const hpaOf = (objects: { file: string; object: any }[]) => objects.find((o) => o.file === WEB && o.object.kind === 'HorizontalPodAutoscaler' && o.object.metadata.name === 'api')!.object;

describe('scaling-metric-produced', () => {
  it('passes the hyperscale render: the API HPA reads http_requests_per_second, which the adapter serves per pod', () => {
    expect(checkScalingMetricsProduced(rendered)).toEqual([]);
    expect(hpaOf(rendered).spec.metrics[2]).toEqual({ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '333' } } });
    expect(adapterOf(rendered).spec.source.helm.valuesObject.rules.custom.map((r: any) => r.name.as)).toEqual(['http_requests_per_second']);
  });

  it('passes a plain (unmeshed) platform, whose adapter rule reads the app series', () => {
    expect(checkScalingMetricsProduced(renderWithAddons(shopPlatform({}, { autoscaling: { minReplicas: 2, maxReplicas: 10, requestsPerSecondPerPod: 50, behavior: 'fast-up-gentle-down' } })))).toEqual([]);
  });

  it('names the HPA, the metric and the fix when no adapter rule serves a Pods metric', () => {
    const found = checkScalingMetricsProduced(mutate((o) => { adapterOf(o).spec.source.helm.valuesObject.rules.custom = []; }));
    expect(found).toEqual([{
      rule: 'scaling-metric-produced', file: WEB, object: 'HorizontalPodAutoscaler web/api', path: 'spec.metrics[2].pods.metric.name',
      message: 'HPA web/api scales on the Pods metric http_requests_per_second, which no prometheus-adapter rule of cluster us-east serves per pod (custom.metrics.k8s.io): the HPA would never resolve it, and never scale down',
      fix: "render the adapter rule for it: the HPA's Pods metrics select prometheus-adapter with requestRateRule('http_requests_per_second') (src/constructs/addons/metrics-rules.ts); or scale on a KEDA trigger instead",
    }]);
    // The same when the adapter Application is missing altogether, or serves another name.
    expect(checkScalingMetricsProduced(mutate((o) => { o.splice(o.indexOf(o.find((x) => x.object === adapterOf(o))!), 1); })).map((f) => f.path))
      .toEqual(['spec.metrics[2].pods.metric.name']);
    expect(checkScalingMetricsProduced(mutate((o) => { adapterOf(o).spec.source.helm.valuesObject.rules.custom[0].name.as = 'requests_per_second'; }))).toHaveLength(1);
    // Another cluster's adapter does not count.
    expect(checkScalingMetricsProduced(mutate((o) => { adapterOf(o, 'eu-west').spec.source.helm.valuesObject.rules.custom = []; })).map((f) => f.file))
      .toEqual(['hyperscale/eu-west/10-web.yaml']);
  });

  it('stops synth through the render gate', () => {
    const found = checkRenderedTree(mutate((o) => { adapterOf(o).spec.source.helm.valuesObject.rules.custom = []; }));
    expect(found.map((f) => `${f.rule} ${f.object}`)).toEqual(['scaling-metric-produced HorizontalPodAutoscaler web/api']);
  });

  it('checks Object metrics against the described kind, and External metrics against external rules', () => {
    const found = checkScalingMetricsProduced(mutate((o) => {
      hpaOf(o).spec.metrics.push(
        { type: 'Object', object: { metric: { name: 'http_requests_per_second' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'api' }, target: { type: 'Value', value: '1k' } } },
        { type: 'Object', object: { metric: { name: 'http_requests_per_second' }, describedObject: { apiVersion: 'v1', kind: 'Namespace', name: 'web' }, target: { type: 'Value', value: '1k' } } },
        { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } },
      );
    }));
    // The adapter rule maps namespace and pod labels: a Namespace object metric resolves, a Service one does not.
    expect(found.map((f) => `${f.path}: ${f.message}`)).toEqual([
      'spec.metrics[3].object.metric.name: HPA web/api scales on the Object metric http_requests_per_second of Service api, which no prometheus-adapter rule of cluster us-east serves for Service objects',
      'spec.metrics[5].external.metric.name: HPA web/api scales on the External metric queue_messages_ready, which no prometheus-adapter external rule of cluster us-east serves (KEDA serves external.metrics.k8s.io only for its own ScaledObjects)',
    ]);
    expect(found[1].fix).toBe('scale the workload with a ScaledObject whose trigger reads queue_messages_ready, or add an adapter rule to rules.external');
  });

  it('takes a ScaledObject trigger as the producer of its metric, unless it names no scaler or a prometheus trigger has no query', () => {
    const found = checkScalingMetricsProduced(mutate((o) => {
      const so = o.find((x) => x.file === WEB && x.object.kind === 'ScaledObject' && x.object.metadata.name === 'worker-normal')!.object;
      so.spec.triggers.push({ type: 'prometheus', name: 'p99', metadata: { serverAddress: 'http://prometheus:9090' } }, { type: '', metadata: {} });
    }));
    expect(found.map((f) => `${f.object} ${f.path}`)).toEqual(['ScaledObject web/worker-normal spec.triggers[1].metadata', 'ScaledObject web/worker-normal spec.triggers[2].type']);
  });
});
