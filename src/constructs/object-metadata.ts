/** Metadata every mesh and edge construct takes: names and labels come from the spec, never from construct paths. */
export interface ObjectMetadata {
  readonly name: string;
  /** Omitted for cluster-scoped objects. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** e.g. the Argo CD sync wave. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Plain, mutable copies for the generated bindings (which take mutable records). */
export function toApiMetadata(meta: ObjectMetadata): { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> } {
  return {
    name: meta.name,
    ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}),
    labels: { ...meta.labels },
    ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
  };
}
