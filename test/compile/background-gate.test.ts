/**
 * The render gate on its worker thread (the bundle: build/main.js running build/gate-worker.js)
 * answers exactly as the gate inline: the same findings, in the same order, for every object of
 * dist/ and for broken copies; and a worker that fails is an error, not a pass.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackgroundGate } from '../../src/compile/background-gate';
import { checkRenderedTree } from '../../src/render/gate';
import { RenderedObject, renderedObjectsOf } from '../../src/render/schema-gate';
import { distTree } from '../support/dist-tree';

const ROOT = path.resolve(__dirname, '../..');
const BUILD = path.join(ROOT, 'build');


beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
});

describe('BackgroundGate', () => {
  it('fails, naming the error, when the worker cannot load the gate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-gate-worker-'));
    try {
      fs.copyFileSync(path.join(BUILD, 'main.js'), path.join(dir, 'main.js'));
      fs.writeFileSync(path.join(dir, 'gate-worker.js'), "throw new Error('the gate bundle is broken');\n");
      const gate = BackgroundGate.start(dir)!;
      try {
        gate.finish(gate.begin(), []);
        expect(() => gate.collect()).toThrow(/render gate worker: Error: the gate bundle is broken/);
      } finally {
        gate.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not started outside the bundle (jest runs the gate inline)', () => {
    expect(BackgroundGate.start()).toBeUndefined();
  });

  it('gives the inline gate\'s findings for each platform of dist/, clean and broken', () => {
    const objects = renderedObjectsOf(distTree());
    const platforms = [...new Set(objects.map((o) => o.file.split('/')[0]))].sort();
    const broken = (platform: string): RenderedObject[] => objects.filter((o) => o.file.startsWith(`${platform}/`)).map((o) => {
      const copy = structuredClone(o);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const object = copy.object as any;
      if (object.kind === 'Deployment') object.spec.replicas = 'three';
      if (object.kind === 'ScaledObject') object.spec.minReplicaCount = 1000;
      if (object.kind === 'AppProject') object.spec.destinations = [];
      return copy;
    });
    const jobs = [...platforms.map((p) => objects.filter((o) => o.file.startsWith(`${p}/`))), ...platforms.map(broken)];
    const layout = (job: RenderedObject[]) => [...new Set(job.map((o) => o.file))].map((file) => ({ path: file, count: job.filter((o) => o.file === file).length }));
    const gate = BackgroundGate.start(BUILD)!;
    expect(gate).toBeDefined();
    try {
      // Each platform as synth posts it: file by file, then its layout.
      const ids = jobs.map((job) => {
        const id = gate.begin();
        for (const { path: file } of layout(job)) gate.add(id, job.filter((o) => o.file === file));
        gate.finish(id, layout(job));
        return id;
      });
      const answers = gate.collect();
      const inline = jobs.map((job) => checkRenderedTree(job));
      expect(ids.map((id) => answers.get(id)!.findings)).toEqual(inline);
      // A clean platform's files come back as synth writes them: byte for byte the committed dist/.
      for (const [i, p] of platforms.entries()) {
        const files = layout(jobs[i]);
        expect(files.length).toBeGreaterThan(3);
        files.forEach((f, k) => expect(answers.get(ids[i])!.texts[k]).toBe(fs.readFileSync(path.join(ROOT, 'dist', f.path), 'utf8')));
        expect(p).toBe(files[0].path.split('/')[0]);
      }
      // Not vacuous: the clean platforms pass, every broken one fails on all three kinds of break.
      expect(inline.slice(0, platforms.length).every((f) => f.length === 0)).toBe(true);
      for (const findings of inline.slice(platforms.length)) expect(findings.length).toBeGreaterThan(0);
      expect(new Set(inline.flat().map((f) => f.rule))).toEqual(new Set(['upstream-schema', 'argocd-project-permits', 'namespace-quota-admits']));
    } finally {
      gate.close();
    }
  });
});
