/** Kept for existing imports: the defaults table is src/model/defaults.ts. */
export { DEFAULT_EPHEMERAL_STORAGE } from '../model/defaults';
