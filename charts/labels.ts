/** Chart-level conventions: where objects land in Argo CD's sync order and how namespaces are hardened. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Argo CD applies lower waves first; namespaces and cluster-scoped objects precede workloads. */
export const WAVES = {
  cluster: '-10',
  workloads: '0',
} as const;

/** Pod Security Admission: enforce the restricted profile, and audit and warn on it too. */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};
