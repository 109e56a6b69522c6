/**
 * The spec types are read-only all the way down: the compiler reads a spec, never changes it.
 * (zod's `.readonly()` would also freeze every parsed object at runtime; a type is enough.)
 */
export type DeepReadonly<T> =
  T extends readonly (infer U)[] ? readonly DeepReadonly<U>[]
    : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
