import { PlatformSpec } from '../src/spec/types';
import { hyperscale } from './hyperscale';
import { scalingArchitecture } from './scaling-architecture';
import { spikeReady } from './spike-ready';

/** Every reference platform in the repository; `synth` renders them all, the first is the default. */
export const PLATFORMS: readonly PlatformSpec[] = [hyperscale, scalingArchitecture, spikeReady];

export const DEFAULT_PLATFORM = hyperscale.name;
