import { PlatformSpec } from '../src/spec/types';
import { commerce } from './commerce';
import { hld1mRps } from './hld-1m-rps';
import { hyperscale } from './hyperscale';

/** Every reference platform in the repository; `synth` renders them all, the first is the default. */
export const PLATFORMS: readonly PlatformSpec[] = [hyperscale, commerce, hld1mRps];

export const DEFAULT_PLATFORM = hyperscale.name;
