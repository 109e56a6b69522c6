/** The resolved platform model: `resolvePlatform(spec)` and the types the renderers read. */
export { resolvePlatform, allWorkloads } from './resolve';
export type { ResolveOptions } from './resolve';
export * from './types';
export * from './identity';
export * from './defaults';
