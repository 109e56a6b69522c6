/**
 * Every metric an autoscaler reads has a producer in the same cluster, checked on the rendered
 * tree (what Argo CD would apply), so a hand-edited or newly rendered HPA cannot wait forever on
 * a metric nobody serves: an HPA with an unresolvable metric never scales down.
 *
 * - HPA `Pods` and `Object` metrics come from custom.metrics.k8s.io, which the cluster's
 *   prometheus-adapter Application serves from its `rules.custom` (an `Object` metric also needs
 *   the described object's resource among the rule's label overrides);
 * - HPA `External` metrics come from external.metrics.k8s.io: the adapter's `rules.external`
 *   (KEDA owns that API here, and serves it only for its own ScaledObjects);
 * - a ScaledObject's metrics are its triggers: KEDA produces each one itself, so a trigger must
 *   carry what its scaler reads (a `prometheus` trigger its server and query).
 * `Resource` metrics come from metrics-server and need nothing rendered.
 */
import * as yaml from 'js-yaml';
import { VALUE_PATHS } from '../constructs/addons/addon-values';
import { addonForSource } from '../constructs/addons/catalogue';
import { clusterOfFile, RenderedObject } from '../constructs/addons/render-facts';
import type { GateFinding } from './gate';

type Json = Record<string, any>;

const objectId = (o: Json): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;

/** The adapter's rules per `<platform>/<cluster>`, read from its Application's Helm values. */
function adapterRules(objects: readonly RenderedObject[]): Map<string, { custom: Json[]; external: Json[] }> {
  const out = new Map<string, { custom: Json[]; external: Json[] }>();
  for (const { file, object } of objects) {
    const o = object as Json;
    if (o?.kind !== 'Application' || addonForSource(o.spec?.source?.repoURL, o.spec?.source?.chart)?.id !== 'prometheus-adapter') continue;
    const helm = o.spec?.source?.helm ?? {};
    const values: Json = helm.valuesObject ?? (typeof helm.values === 'string' ? (yaml.load(helm.values) as Json) ?? {} : {});
    const rules = values[VALUE_PATHS.adapterRules[0]] ?? {};
    const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);
    out.set(`${file.split('/')[0]}/${o.spec?.destination?.name}`, { custom: list(rules.custom), external: list(rules.external) });
  }
  return out;
}

/** The metric name a prometheus-adapter rule serves: `name.as`, else the series name it discovers. */
function servedName(rule: Json): string | undefined {
  if (typeof rule?.name?.as === 'string' && rule.name.as !== '') return rule.name.as;
  const series = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(String(rule?.seriesQuery ?? ''));
  return series?.[1];
}

/** Whether a rule maps a series label to `kind` (overrides name resources, singular or plural, maybe group-qualified). */
function describes(rule: Json, kind: string): boolean {
  const wanted = kind.toLowerCase();
  return Object.values(rule?.resources?.overrides ?? {}).some((r: any) => {
    const resource = String(r?.resource ?? '').split('.')[0].toLowerCase();
    return resource === wanted || resource === `${wanted}s` || resource === `${wanted}es`;
  });
}

export function checkScalingMetricsProduced(objects: readonly RenderedObject[]): GateFinding[] {
  const findings: GateFinding[] = [];
  const adapters = adapterRules(objects);
  for (const { file, object } of objects) {
    const o = object as Json;
    const cluster = clusterOfFile(file);
    if (cluster === undefined) continue;
    const rules = adapters.get(`${file.split('/')[0]}/${cluster}`);
    const add = (path: string, message: string, fix: string) =>
      findings.push({ rule: 'scaling-metric-produced', file, object: objectId(o), path, message, fix });
    const who = `HPA ${o.metadata?.namespace}/${o.metadata?.name}`;
    if (o.kind === 'HorizontalPodAutoscaler') {
      (o.spec?.metrics ?? []).forEach((m: Json, i: number) => {
        if (m?.type === 'Pods') {
          const name = m.pods?.metric?.name;
          if ((rules?.custom ?? []).some((r) => servedName(r) === name && describes(r, 'pod'))) return;
          add(`spec.metrics[${i}].pods.metric.name`,
            `${who} scales on the Pods metric ${name}, which no prometheus-adapter rule of cluster ${cluster} serves per pod (custom.metrics.k8s.io): the HPA would never resolve it, and never scale down`,
            `render the adapter rule for it: the HPA's Pods metrics select prometheus-adapter with requestRateRule('${name}') (src/constructs/addons/metrics-rules.ts); or scale on a KEDA trigger instead`);
        } else if (m?.type === 'Object') {
          const name = m.object?.metric?.name;
          const kind = m.object?.describedObject?.kind ?? '?';
          if ((rules?.custom ?? []).some((r) => servedName(r) === name && describes(r, kind))) return;
          add(`spec.metrics[${i}].object.metric.name`,
            `${who} scales on the Object metric ${name} of ${kind} ${m.object?.describedObject?.name}, which no prometheus-adapter rule of cluster ${cluster} serves for ${kind} objects`,
            `add an adapter rule to rules.custom serving ${name} with a resources.overrides entry for ${kind.toLowerCase()}`);
        } else if (m?.type === 'External') {
          const name = m.external?.metric?.name;
          if ((rules?.external ?? []).some((r) => servedName(r) === name)) return;
          add(`spec.metrics[${i}].external.metric.name`,
            `${who} scales on the External metric ${name}, which no prometheus-adapter external rule of cluster ${cluster} serves (KEDA serves external.metrics.k8s.io only for its own ScaledObjects)`,
            `scale the workload with a ScaledObject whose trigger reads ${name}, or add an adapter rule to rules.external`);
        }
      });
    } else if (o.kind === 'ScaledObject') {
      const triggers: Json[] = o.spec?.triggers ?? [];
      if (triggers.length === 0) {
        add('spec.triggers', `ScaledObject ${o.metadata?.namespace}/${o.metadata?.name} has no trigger: KEDA has no metric to scale on`, 'give it at least one trigger');
      }
      triggers.forEach((t: Json, i: number) => {
        if (typeof t?.type !== 'string' || t.type === '') {
          add(`spec.triggers[${i}].type`, `trigger ${i} of ScaledObject ${o.metadata?.namespace}/${o.metadata?.name} names no scaler, so nothing produces its metric`, 'set the trigger type (rabbitmq, kafka, cron, prometheus, …)');
        } else if (t.type === 'prometheus' && !(t.metadata?.serverAddress && t.metadata?.query)) {
          add(`spec.triggers[${i}].metadata`, `prometheus trigger ${t.name ?? i} of ScaledObject ${o.metadata?.namespace}/${o.metadata?.name} lacks serverAddress or query, so KEDA reads no metric`, 'set metadata.serverAddress and metadata.query');
        }
      });
    }
  }
  return findings;
}
