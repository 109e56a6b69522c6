/** KEDA's `fallback` replicas, derived once from KEDA_FALLBACK (the validator and the constructs read this). */
import { KEDA_FALLBACK } from './defaults';

/** The spec's `fallbackReplicas`, else `percentOfMax` % of the ceiling rounded up, never below the floor. */
export function kedaFallbackReplicas(min: number, max: number, explicit?: number): number {
  return explicit ?? Math.max(min, Math.ceil((max * KEDA_FALLBACK.percentOfMax) / 100));
}
