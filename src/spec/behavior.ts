import { BUILTIN_BEHAVIOR_PROFILES } from './behavior-profiles';
import { ownEntry } from './own-entry';
import { BehaviorSpec, PlatformSpec } from './types';

/** Built-in profiles plus the platform's own (which may not shadow a built-in name). */
export function behaviorProfiles(platform: PlatformSpec): Readonly<Record<string, BehaviorSpec>> {
  return { ...BUILTIN_BEHAVIOR_PROFILES, ...(platform.behaviorProfiles ?? {}) };
}

/** The behavior a service's HPA gets, or undefined for an unknown profile name. */
export function resolveBehavior(platform: PlatformSpec, behavior: string | BehaviorSpec): BehaviorSpec | undefined {
  return typeof behavior === 'string' ? ownEntry(behaviorProfiles(platform), behavior) : behavior;
}
