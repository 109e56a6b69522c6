/**
 * The render gate on a worker thread (the entry of build/gate-worker.js). synth renders the next
 * platform while this thread checks the previous one and writes its files' YAML: together about a
 * third of a synth, now on the machine's second core. src/compile/background-gate.ts is the other
 * side: it posts each platform's objects and waits for the answers synchronously, so the gate
 * still stops synth before anything is written. Each answer is posted, then announced on the
 * shared counter.
 */
import type { MessagePort } from 'worker_threads';
import { checkRenderedTree, GateFinding } from './gate';
import { writeCodeCaches } from './gate-modules';
import { manifestText } from './manifest-text';
import type { RenderedObject } from './schema-gate';

export interface GateJob {
  readonly id: number;
  readonly objects: readonly RenderedObject[];
  /** Each file's path and how many of `objects`, in order, it holds. */
  readonly files: readonly { readonly path: string; readonly count: number }[];
}

/** The gate's findings, and each file's text (in the job's file order) when there are none. */
export type GateAnswer = { readonly id: number; readonly findings: GateFinding[]; readonly texts: string[] } | { readonly id: number; readonly error: string };

/** The message that ends the worker: it writes its code caches first when the build asks for them. */
export const CLOSE = 'close';

export interface GateWorkerData {
  readonly role: 'gate';
  readonly port: MessagePort;
  /** Int32 counter of answers posted (and of the close acknowledgement). */
  readonly answered: Int32Array;
}

/** Serves gate jobs on `data.port`; `onClose` runs before the close is acknowledged (the loader's own caches). */
export function serveGate(data: GateWorkerData, onClose: () => void): void {
  const announce = () => {
    Atomics.add(data.answered, 0, 1);
    Atomics.notify(data.answered, 0);
  };
  data.port.on('message', (message: GateJob | typeof CLOSE) => {
    if (message === CLOSE) {
      writeCodeCaches();
      onClose();
      announce();
      data.port.close();
      return;
    }
    let answer: GateAnswer;
    try {
      const findings = checkRenderedTree(message.objects);
      answer = { id: message.id, findings, texts: findings.length > 0 ? [] : fileTexts(message) };
    } catch (error) {
      answer = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    data.port.postMessage(answer);
    announce();
  });
}

function fileTexts(job: GateJob): string[] {
  let at = 0;
  return job.files.map(({ count }) => manifestText(job.objects.slice(at, (at += count)).map((o) => o.object)));
}
