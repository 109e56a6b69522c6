/**
 * Lists are compared by their Kubernetes merge keys, not by index: inserting a container, an env var
 * or a port before another must read as one addition, not as every later item changing.
 * Keys follow the API's `patchMergeKey`s; a list whose items lack the key or repeat it falls back to indexes.
 */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  // Container ports merge on containerPort upstream; Service ports on port. A name, when every item has one, reads better.
  ports: ['name', 'containerPort', 'port'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
};

/** The last field name of a path: `spec.template.spec.containers` → `containers`. */
function fieldName(path: string): string {
  const dot = path.lastIndexOf('.');
  return path.slice(dot + 1).replace(/\[.*$/, '');
}

/** The key each item of both lists is identified by, or undefined when indexes must do. */
export function mergeKeyFor(path: string, before: readonly unknown[], after: readonly unknown[]): string | undefined {
  const candidates = MERGE_KEYS[fieldName(path)] ?? ['name'];
  const items = [...before, ...after];
  if (items.length === 0 || !items.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) return undefined;
  return candidates.find((key) => {
    const unique = (list: readonly unknown[]) => {
      const seen = new Set<unknown>();
      for (const item of list) {
        const value = (item as Record<string, unknown>)[key];
        if ((typeof value !== 'string' && typeof value !== 'number') || seen.has(value)) return false;
        seen.add(value);
      }
      return true;
    };
    return unique(before) && unique(after);
  });
}
