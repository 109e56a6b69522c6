/**
 * Looks a name up in a spec map as an own property only. `record[name]` or `name in record`
 * would find what every object inherits (`toString`, `constructor`), so a reference such as
 * `nodePool: toString` would resolve to a function instead of being reported as unknown.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && record !== null && typeof key === 'string' && Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}

/** Whether `key` is an own property of the map (the `in` check without the prototype chain). */
export function hasOwnEntry(record: Readonly<Record<string, unknown>> | undefined, key: string): boolean {
  return record !== undefined && record !== null && typeof key === 'string' && Object.prototype.hasOwnProperty.call(record, key);
}
