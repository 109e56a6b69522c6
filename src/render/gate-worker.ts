/**
 * The render gate on a worker thread (the entry of build/gate-worker.js). Each file's objects are
 * checked against their schemas as soon as the main thread has rendered them; when a platform is
 * complete this thread runs the cross-object rules and writes its files' YAML while the main
 * thread renders the next platform: together about a third of a synth, now on the machine's
 * second core. src/compile/background-gate.ts is the other side: it waits for the answers
 * synchronously, so the gate still stops synth before anything is written. Each answer is posted,
 * then announced on the shared counter.
 */
import type { MessagePort } from 'worker_threads';
import { crossObjectGateFindings, GateFinding, schemaGateFindings } from './gate';
import { compileCelRules } from './cel-rules';
import { crdModule, crdModuleKeys, objectMetaValidator, writeCodeCaches } from './gate-modules';
import { manifestText } from './manifest-text';
import type { RenderedObject } from './schema-gate';

export interface GateJob {
  readonly id: number;
  readonly objects: readonly RenderedObject[];
  /** Each file's path and how many of `objects`, in order, it holds. */
  readonly files: readonly { readonly path: string; readonly count: number }[];
}

/**
 * What the main thread posts: a platform's objects as each file is rendered (checked against their
 * schemas on arrival), then `finish` with the file layout (the cross-object rules, the answer).
 */
export type GateMessage =
  | { readonly kind: 'objects'; readonly id: number; readonly objects: readonly RenderedObject[] }
  | { readonly kind: 'finish'; readonly id: number; readonly files: GateJob['files'] };

/**
 * The gate's findings, and each file's text (in the job's file order) when there are none and
 * this thread claimed the YAML (undefined: the main thread claimed it first and writes it itself).
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

/** Serves gate jobs on `data.port`; `onClose` runs before the close is acknowledged (the loader's own caches). */
export function serveGate(data: GateWorkerData, onClose: () => void): void {
  const announce = () => {
    Atomics.add(data.answered, 0, 1);
    Atomics.notify(data.answered, 0);
  };
  let working = false;
  const jobs = new Map<number, { objects: RenderedObject[]; schema: GateFinding[]; error?: string }>();
  const failure = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
  data.port.on('message', (message: GateMessage | typeof CLOSE) => {
    working = true;
    if (message === CLOSE) {
      writeCodeCaches();
      onClose();
      announce();
      data.port.close();
      return;
    }
    let job = jobs.get(message.id);
    if (!job) jobs.set(message.id, (job = { objects: [], schema: [] }));
    if (message.kind === 'objects') {
      for (const o of message.objects) job.objects.push(o);
      try {
        if (job.error === undefined) for (const f of schemaGateFindings(message.objects)) job.schema.push(f);
      } catch (error) {
        job.error = failure(error);
      }
      return;
    }
    jobs.delete(message.id);
    let answer: GateAnswer;
    try {
      if (job.error !== undefined) throw new Error(job.error);
      const findings = [...job.schema, ...crossObjectGateFindings(job.objects)];
      const mine = findings.length === 0 && (message.id >= data.yamlClaims.length || claimYaml(data.yamlClaims, message.id));
      answer = { id: message.id, findings, texts: mine ? fileTexts({ objects: job.objects, files: message.files }) : undefined };
    } catch (error) {
      answer = { id: message.id, error: failure(error) };
    }
    data.port.postMessage(answer);
    announce();
  });
  // Until the first platform arrives this thread has nothing to do: load the gate's modules then,
  // one per turn of the event loop, so a job that arrives waits for one step at most.
  const steps = prewarmSteps();
  const next = () => {
    if (working || steps.length === 0) return;
    try {
      steps.shift()!();
    } catch {
      // A module that fails to load fails again, with its error, when an object needs it.
    }
    setImmediate(next);
  };
  setImmediate(next);
}

/** What a first job would otherwise load: ObjectMeta's validator, then each CRD module with its CEL rules. */
function prewarmSteps(): (() => void)[] {
  return [
    () => objectMetaValidator(),
    ...crdModuleKeys().map((key) => () => {
      const crd = crdModule(key);
      if (crd) compileCelRules(crd.cel);
    }),
  ];
}

/** Each file's text: its objects, in order, as one manifest. */
export function fileTexts(job: Omit<GateJob, 'id'>): string[] {
  let at = 0;
  return job.files.map(({ count }) => manifestText(job.objects.slice(at, (at += count)).map((o) => o.object)));
}
