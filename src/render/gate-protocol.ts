/**
 * What the main thread and the render gate's thread (src/render/gate-worker.ts) exchange, and the
 * two shared counters they coordinate on. No gate code here: the loader (main.ts) imports it too.
 */
import type { MessagePort } from 'worker_threads';
import type { GateFinding } from './gate';
import type { RenderedObject } from './schema-gate';

/** Each file's path and how many of a platform's objects, in order, it holds. */
export type FileLayout = readonly { readonly path: string; readonly count: number }[];

/** One platform: its objects in file order, and the file layout. */
export interface GateJob {
  readonly objects: readonly RenderedObject[];
  readonly files: FileLayout;
}

/**
 * What the main thread posts: a platform's objects as each file is rendered (checked against their
 * schemas on arrival), then `finish` with the file layout (the cross-object rules, the answer).
 */
export type GateMessage =
  | { readonly kind: 'objects'; readonly id: number; readonly objects: readonly RenderedObject[] }
  | { readonly kind: 'finish'; readonly id: number; readonly files: FileLayout };

/**
 * The gate's findings, and each file's text (in the job's file order) when there are none and
 * the worker claimed the YAML (undefined: the main thread claimed it first and writes it itself).
 * Id -1: the worker itself failed (it could not load the gate); no other answer will come.
 */
export type GateAnswer = { readonly id: number; readonly findings: GateFinding[]; readonly texts?: string[] } | { readonly id: number; readonly error: string };

/** The message that ends the worker: it writes its code caches first when the build asks for them. */
export const CLOSE = 'close';

export interface GateWorkerData {
  readonly role: 'gate';
  readonly port: MessagePort;
  /** Int32 counter of answers posted (and of the close acknowledgement). */
  readonly answered: Int32Array;
  /** Per job id, who writes its YAML: 0 nobody yet, then whoever swaps in 1 first (claimYaml). */
  readonly yamlClaims: Int32Array;
}

/** Claims job `id`'s YAML for the caller; false when the other thread has it (or `id` has no claim slot: the worker's). */
export function claimYaml(claims: Int32Array, id: number): boolean {
  return id < claims.length && Atomics.compareExchange(claims, id, 0, 1) === 0;
}

/** Tells the main thread, waiting on the counter, that one more answer is on the port. */
export function announce(data: GateWorkerData): void {
  Atomics.add(data.answered, 0, 1);
  Atomics.notify(data.answered, 0);
}

export function failureText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The worker cannot serve at all: the answer that makes the main thread's render fail with `error`. */
export function reportWorkerFailure(data: GateWorkerData, error: unknown): void {
  data.port.postMessage({ id: -1, error: failureText(error) } satisfies GateAnswer);
  announce(data);
}
