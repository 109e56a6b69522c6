/**
 * The render gate of a render on a second thread (src/render/gate-worker.ts): each file's objects
 * are posted as soon as they are rendered, and the findings and the files' YAML are collected,
 * synchronously, before anything is written. Only the bundle runs it (build/main.js starts the
 * worker with its code caches); under ts-node and jest, and when the worker file is missing,
 * start() returns undefined and the gate runs inline, with the same findings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { GateFinding } from '../render/gate';
import { claimYaml, CLOSE, FileLayout, GateAnswer, GateMessage, GateWorkerData } from '../render/gate-protocol';
import { fileTexts } from '../render/manifest-text';
import type { RenderedObject } from '../render/schema-gate';

/** Jobs whose YAML either thread may write; later ones are always the worker's. */
const MAX_SHARED_JOBS = 1024;
/** How long a missing answer is waited for before the render fails as an internal error. */
const ANSWER_TIMEOUT_MS = 120_000;

export class BackgroundGate {
  /**
   * The worker, when this code runs as the bundle beside build/main.js and build/gate-worker.js
   * (`buildDir`: where they are; the test passes the repository's build/).
   */
  static start(buildDir = __dirname): BackgroundGate | undefined {
    const loader = path.join(buildDir, 'main.js');
    if (!fs.existsSync(path.join(buildDir, 'gate-worker.js')) || !fs.existsSync(loader)) return undefined;
    return new BackgroundGate(loader);
  }

  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly answered = new Int32Array(new SharedArrayBuffer(4));
  private readonly yamlClaims = new Int32Array(new SharedArrayBuffer(4 * MAX_SHARED_JOBS));
  /** Each job's objects as posted, and its layout once finished (what the main thread needs to write its YAML). */
  private readonly jobs: { objects: RenderedObject[]; files?: FileLayout }[] = [];
  private readonly ownTexts = new Map<number, string[]>();
  private finished = 0;
  private received = 0;
  private readonly answers = new Map<number, GateAnswer>();

  private constructor(loader: string) {
    const { port1, port2 } = new MessageChannel();
    const workerData: GateWorkerData = { role: 'gate', port: port2, answered: this.answered, yamlClaims: this.yamlClaims };
    this.worker = new Worker(loader, { workerData, transferList: [port2], argv: [] });
    this.port = port1;
  }

  /** A new job (one platform); its objects follow with add(), then finish(). */
  begin(): number {
    return this.jobs.push({ objects: [] }) - 1;
  }

  /** More of job `id`'s objects (a file's, as it is rendered): the worker checks their schemas now. */
  add(id: number, objects: readonly RenderedObject[]): void {
    for (const o of objects) this.jobs[id].objects.push(o);
    this.port.postMessage({ kind: 'objects', id, objects } satisfies GateMessage);
  }

  /** The job is complete: the worker runs the cross-object rules and answers. */
  finish(id: number, files: FileLayout): void {
    this.jobs[id].files = files;
    this.finished++;
    this.port.postMessage({ kind: 'finish', id, files } satisfies GateMessage);
  }

  /** Every job's findings and file texts, by id, once all have answered; a worker error throws. */
  collect(): Map<number, { findings: GateFinding[]; texts: string[] }> {
    while (this.received < this.finished) this.receive();
    const out = new Map<number, { findings: GateFinding[]; texts: string[] }>();
    for (const [id, answer] of this.answers) {
      if ('error' in answer) throw new Error(`render gate worker: ${answer.error}`);
      // A job with findings is never written; otherwise one of the two threads claimed its YAML.
      out.set(id, { findings: answer.findings, texts: answer.findings.length > 0 ? [] : (answer.texts ?? this.ownTexts.get(id)!) });
    }
    return out;
  }

  /** Ends the worker; in the build's code-cache run, after it wrote its caches. */
  close(): void {
    if (process.env.PLATFORM_COMPILER_WRITE_CODE_CACHE) {
      const expected = this.finished + 1;
      this.port.postMessage(CLOSE);
      while (Atomics.load(this.answered, 0) < expected) Atomics.wait(this.answered, 0, Atomics.load(this.answered, 0), ANSWER_TIMEOUT_MS);
    }
    this.port.close();
    this.worker.unref();
    void this.worker.terminate();
  }

  /** One answer: taken from the port, or waited for on the counter the worker bumps after posting. */
  private receive(): void {
    const message = receiveMessageOnPort(this.port);
    if (message) {
      const answer = message.message as GateAnswer;
      if (answer.id === -1 && 'error' in answer) throw new Error(`render gate worker: ${answer.error}`);
      this.answers.set(answer.id, answer);
      this.received++;
      return;
    }
    const seen = Atomics.load(this.answered, 0);
    if (seen > this.received) return;
    // Rather than wait idle, write the YAML of the latest job the worker has not started on.
    for (let id = this.jobs.length - 1; id >= 0; id--) {
      const { objects, files } = this.jobs[id];
      if (!files || this.answers.has(id) || this.ownTexts.has(id) || !claimYaml(this.yamlClaims, id)) continue;
      this.ownTexts.set(id, fileTexts({ objects, files }));
      return;
    }
    if (Atomics.wait(this.answered, 0, seen, ANSWER_TIMEOUT_MS) === 'timed-out') {
      throw new Error(`render gate worker: no answer in ${ANSWER_TIMEOUT_MS / 1000} s`);
    }
  }
}
