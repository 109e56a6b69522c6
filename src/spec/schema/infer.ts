import type { z } from 'zod';
import type { DeepReadonly } from './deep-readonly';

/** The read-only TypeScript type a schema declares. */
export type Spec<T extends z.ZodType> = DeepReadonly<z.output<T>>;
