import { PlatformSpec } from '../src/spec/types';
import { commerce } from './commerce';
import { hld1mRps } from './hld-1m-rps';
import { hyperscale } from './hyperscale';
import { scalingArchitecture } from './scaling-architecture';
import { spikeReady } from './spike-ready';

/** Every reference platform in the repository; `synth` renders them all, the first is the default. */
export const PLATFORMS: readonly PlatformSpec[] = [hyperscale, commerce, hld1mRps, scalingArchitecture, spikeReady];

export const DEFAULT_PLATFORM = hyperscale.name;
