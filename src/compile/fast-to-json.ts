/**
 * cdk8s' `ApiObject.toJson()` in one pass. cdk8s resolves an object's props (`resolve` in
 * cdk8s/lib/resolve.js: for every value it looks the App up again, builds a context and the key
 * path, and asks each resolver), then sanitizes the result (`sanitizeValue`: drops null and
 * undefined, sorts keys) in a second walk. That is the largest single cost of a synth, paid two
 * or three times per object (the namespace quota, the add-on facts and the linter exemptions
 * read objects before the render does). This walk does both at once and gives the same JSON:
 *
 * - only when the App's resolvers are exactly cdk8s' three built-in ones (Lazy, implicit tokens,
 *   number/string unions), whose checks it makes inline in their order; with any custom resolver
 *   the original method runs;
 * - the metadata too, which cdk8s resolves and sanitizes on its own first (sorted keys, empty
 *   lists and maps dropped), then once more with the rest of the object;
 * - then the object's JSON patches and the apiVersion/kind/metadata key order, as cdk8s does.
 *
 * test/compile/fast-to-json.test.ts compares it with the original on every object of every
 * platform and on tokens, Lazy values, unions, patches and the errors.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

type Json = unknown;

const original = ApiObject.prototype.toJson;
// Read once: in the bundle every use of an imported binding goes through two getters (esbuild's
// CommonJS interop, then cdk8s' own re-export), which the walk below would pay per value.
const LazyClass: typeof Lazy = Lazy;

/** Whether `resolvers` are cdk8s' built-in three, in their order (App always appends them last). */
function builtInOnly(resolvers: readonly unknown[]): boolean {
  return resolvers.length === 3 && resolvers[0] instanceof LazyResolver && resolvers[1] instanceof ImplicitTokenResolver
    && resolvers[2] instanceof NumberStringUnionResolver;
}

/**
 * sanitizeValue(resolve(value)) of cdk8s, in one walk (sortKeys as given). `dropEmpty` is
 * sanitize's filterEmptyArrays and filterEmptyObjects, which cdk8s sets for metadata only.
 */
function resolveSanitized(input: any, sortKeys: boolean, dropEmpty = false): Json {
  let value = input;
  for (;;) {
    if (value == null) return undefined;
    // Strings, numbers and booleans: no built-in resolver replaces one.
    const type = typeof value;
    if (type === 'string' || type === 'number' || type === 'boolean') return value;
    // The built-in resolvers in their order; the first that replaces the value restarts the checks.
    if (value instanceof LazyClass) value = value.produce();
    else if (typeof value.resolve === 'function') value = value.resolve();
    else if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) value = { value: value.value };
    else break;
  }
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((item) => resolveSanitized(item, sortKeys, dropEmpty));
  }
  if (typeof value !== 'object') return value;
  if (value.constructor == Object) {
    const out: Record<string, Json> = {};
    const keys = sortKeys ? Object.keys(value).sort() : Object.keys(value);
    let kept = 0;
    for (const key of keys) {
      // resolve writes `result['__proto__']`, which is no own key, so sanitize drops it.
      if (key === '__proto__') continue;
      const item = resolveSanitized(value[key], sortKeys, dropEmpty);
      if (item != null) {
        out[key] = item;
        kept++;
      }
    }
    return dropEmpty && kept === 0 ? undefined : out;
  }
  // resolve leaves any other object as it is; sanitize then rejects it unless it is an Object of
  // another realm, which it copies without resolving.
  if (value.constructor?.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  return sanitizeOnly(value, sortKeys);
}

function sanitizeOnly(value: any, sortKeys: boolean): Json {
  if (value == null) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => sanitizeOnly(item, sortKeys));
  if (value.constructor.name !== 'Object') throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  const out: Record<string, Json> = {};
  for (const key of sortKeys ? Object.keys(value).sort() : Object.keys(value)) {
    const item = sanitizeOnly(value[key], sortKeys);
    if (item != null) out[key] = item;
  }
  return out;
}

const originalMetadataToJson = ApiObjectMetadataDefinition.prototype.toJson;

/**
 * `ApiObjectMetadataDefinition.toJson()` in one walk: cdk8s resolves the metadata fields, then
 * sanitizes them with sorted keys, dropping empty lists and maps. A subclass's own method runs as is.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): Json {
  if (metadata.toJson !== originalMetadataToJson) return metadata.toJson();
  const m = metadata as unknown as {
    _additionalAttributes: Record<string, unknown>; name?: string; namespace?: string; annotations: unknown;
    finalizers: unknown; ownerReferences: unknown; labels: unknown;
  };
  return resolveSanitized({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, true, true);
}

function fastToJson(this: ApiObject): any {
  if (!builtInOnly(App.of(this).resolvers)) return original.call(this);
  try {
    const self = this as unknown as { props: Record<string, unknown>; patches: JsonPatch[] };
    const data = { ...self.props, metadata: metadataJson(this.metadata) };
    const sortKeys = !process.env.CDK8S_DISABLE_SORT;
    const resolved = resolveSanitized(data, sortKeys) as Record<string, unknown>;
    // Without patches, JsonPatch.apply returns the document itself (after cloning the empty list).
    const patched = self.patches.length === 0 ? resolved : JsonPatch.apply(resolved, ...self.patches);
    const result: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) result[key] = patched[key];
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
  }
}

let installed = false;

/** Puts the one-pass method on ApiObject (once; subclasses' toJson overrides still call it as super). */
export function installFastToJson(): void {
  if (installed) return;
  installed = true;
  ApiObject.prototype.toJson = fastToJson;
}

/** cdk8s' own methods, for the equivalence test. */
export const originalToJson: () => any = original;
export { metadataJson as fastMetadataJson, originalMetadataToJson };
