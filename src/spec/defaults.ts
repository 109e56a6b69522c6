/** Defaults the compiler applies where the spec is silent; documented on the spec fields that use them. */

/**
 * Ephemeral storage per container: room for the 256 MiB /tmp volume and rotated logs. The
 * kubelet evicts a pod past its limit, so a runaway writer loses its pod, not the node.
 */
export const DEFAULT_EPHEMERAL_STORAGE = { request: '256Mi', limit: '1Gi' } as const;
