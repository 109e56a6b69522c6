import { Chart } from 'cdk8s';
import { ResolvedNamespace, ResolvedRegion } from '../src/spec/resolve';
import { PlatformSpec } from '../src/spec/types';

/** Mesh objects of one namespace (DestinationRules, VirtualServices, authorization, network policies). */
export function addNamespaceMeshObjects(_chart: Chart, _platform: PlatformSpec, _region: string, _namespace: ResolvedNamespace): void {}

/** Cluster-scoped mesh and edge objects (e.g. ClusterIssuer). */
export function addClusterMeshObjects(_chart: Chart, _platform: PlatformSpec, _region: ResolvedRegion): void {}
