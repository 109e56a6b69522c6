import { Chart } from 'cdk8s';
import { ResolvedNamespace, ResolvedRegion } from '../src/spec/resolve';
import { PlatformSpec } from '../src/spec/types';

/** Queue workers, beat, batch writers and consumers of one namespace. */
export function addNamespaceAsyncWorkloads(_chart: Chart, _platform: PlatformSpec, _region: string, _namespace: ResolvedNamespace): void {}

/** Cluster-scoped objects the async workloads need (e.g. PriorityClasses). */
export function addClusterAsyncObjects(_chart: Chart, _platform: PlatformSpec, _region: ResolvedRegion): void {}
