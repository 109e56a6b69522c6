import { PlatformSpec } from '../src/spec/types';
import { commerce } from './commerce';
import { hyperscale } from './hyperscale';

/** Every reference platform in the repository; `synth` renders them all, the first is the default. */
export const PLATFORMS: readonly PlatformSpec[] = [hyperscale, commerce];

export const DEFAULT_PLATFORM = hyperscale.name;
