import { Construct } from 'constructs';
import type { NodeTuningSpec } from '../spec/types';
import { sortedKeys } from '../spec/resolve';
import * as k8s from './k8s';

export interface NodeTuningNoteProps {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pool: string;
  readonly tuning: NodeTuningSpec;
}

/** The sysctl.d file the pool's node bootstrap installs: one `name = value` line each, its reason above it. */
export function sysctlConf(tuning: NodeTuningSpec): string {
  const lines = sortedKeys(tuning.sysctls).flatMap((name) => [
    ...(tuning.reasons?.[name] ? [`# ${tuning.reasons[name]}`] : []),
    `${name} = ${tuning.sysctls[name]}`,
  ]);
  return `${lines.join('\n')}\n`;
}

/**
 * Node-level kernel tuning of a pool, as a ConfigMap beside the workloads that need it. Nothing
 * in the cluster applies it: a pod that writes host sysctls must be privileged, which the
 * restricted Pod Security profile of every namespace here forbids. The pool's node bootstrap
 * (launch template user data) installs the file into /etc/sysctl.d before the kubelet starts;
 * the ConfigMap makes the requirement reviewable and diffable with the rest of the render.
 */
export class NodeTuningNote extends Construct {
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: NodeTuningNoteProps) {
    super(scope, id);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: {
        name: `node-tuning-${props.pool}`,
        namespace: props.namespace,
        labels: { ...props.labels },
        annotations: {
          'platform-compiler.dev/applied-by': `the node bootstrap of pool ${props.pool} (/etc/sysctl.d), not by a pod: host sysctls need a privileged pod, which restricted Pod Security forbids`,
        },
      },
      data: { [`99-${props.pool}.conf`]: sysctlConf(props.tuning) },
    });
  }
}
