import { IssueCollectorLike } from '../check';
import { ResolvedNamespace } from '../../spec/resolve';
import { BehaviorSpec, PlatformSpec } from '../../spec/types';
import { MeshGraph } from '../mesh';
import { Workload } from '../types';

/** What a workload kind's resolver is given: one namespace as one region runs it. */
export interface KindContext {
  readonly platform: PlatformSpec;
  /** Platform name and part-of label. */
  readonly base: { readonly name: string; readonly partOf: string };
  readonly region: string;
  readonly namespace: ResolvedNamespace;
  readonly mesh?: MeshGraph;
  /** A behavior profile name (or inline behavior) resolved against the built-in and platform profiles. */
  behavior(named: string | BehaviorSpec): BehaviorSpec | undefined;
  /** Receives derived-value issues when the model is resolved for validation. */
  readonly out?: IssueCollectorLike;
}

/**
 * One workload kind: resolves its workloads of a namespace (in render order) and checks every
 * name and label it derives. Registered in ./index.ts.
 */
export interface WorkloadKindResolver<W extends Workload = Workload> {
  readonly kind: W['kind'];
  resolve(ctx: KindContext): W[];
}
