/**
 * The render gate on a worker thread (the entry of build/gate-worker.js). Each file's objects are
 * checked against their schemas as soon as the main thread has rendered them; when a platform is
 * complete this thread runs the cross-object rules and writes its files' YAML while the main
 * thread renders the next platform: together about a third of a synth, now on the machine's
 * second core. src/compile/background-gate.ts is the other side: it waits for the answers
 * synchronously, so the gate still stops synth before anything is written. Each answer is posted,
 * then announced on the shared counter.
 */
import { crossObjectGateFindings, GateFinding, schemaGateFindings } from './gate';
import { compileCelRules } from './cel-rules';
import { crdModule, crdModuleKeys, objectMetaValidator, writeCodeCaches } from './gate-modules';
import { announce, claimYaml, CLOSE, failureText, GateAnswer, GateMessage, GateWorkerData } from './gate-protocol';
import { fileTexts } from './manifest-text';
import type { RenderedObject } from './schema-gate';

/** Serves gate jobs on `data.port`; `onClose` runs before the close is acknowledged (the loader's own caches). */
export function serveGate(data: GateWorkerData, onClose: () => void): void {
  let working = false;
  const jobs = new Map<number, { objects: RenderedObject[]; schema: GateFinding[]; error?: string }>();
  data.port.on('message', (message: GateMessage | typeof CLOSE) => {
    working = true;
    if (message === CLOSE) {
      writeCodeCaches();
      onClose();
      announce(data);
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
        job.error = failureText(error);
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
      answer = { id: message.id, error: failureText(error) };
    }
    data.port.postMessage(answer);
    announce(data);
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
