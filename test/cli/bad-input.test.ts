/**
 * Bad input through the real CLI, one class at a time: a YAML spec file, `validate` and `synth`.
 * Each must exit 1 naming the spec path and the rule, print no stack trace, and leave the output
 * folder byte-identical. Before the schema, the null and wrong-shape cases ended in
 * `internal error: Cannot read properties of null` (exit 3).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { hyperscale } from '../../platforms/hyperscale';
import { shopPlatform } from '../support/fixtures';
import { untyped } from '../support/mesh-fixtures';
import { isCleanIssueLine, mutate, mutationsArb, pathPrefix } from '../support/spec-mutations';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'build/main.js');
const WEB = 'shop.namespaces.store.services.web';

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

let work: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-bad-input-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Writes the shop fixture, edited, as YAML (so `.inf` and `.nan` are expressible) and returns the file. */
function specFile(name: string, edit: (spec: any) => void): string {
  const spec = untyped(shopPlatform());
  edit(spec);
  const file = path.join(work, `${name}.yaml`);
  fs.writeFileSync(file, yaml.dump(spec));
  return file;
}

/**
 * Runs synth (and validate, when asked) on the file: each must fail cleanly with exactly these
 * error lines. Synth validates first, so it covers both; validate is run for a few classes only,
 * as every CLI run costs a process start.
 */
function expectCleanFailure(file: string, lines: string[], commands: readonly ('validate' | 'synth')[] = ['synth']): void {
  const out = path.join(work, `out-${path.basename(file, '.yaml')}`);
  fs.mkdirSync(path.join(out, 'shop/east'), { recursive: true });
  fs.writeFileSync(path.join(out, 'shop/east/00-cluster.yaml'), 'previous render\n');
  const before = snapshotTree(out);

  for (const args of commands.map((c) => (c === 'synth' ? ['synth', '--spec', file, '--out', out] : ['validate', '--spec', file]))) {
    const result = cli(args);
    expect({ args: args[0], code: result.code }).toEqual({ args: args[0], code: 1 });
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toEqual(lines.map((l) => `error: ${l}`));
    if (args[0] === 'synth') expect(result.stderr).toMatch(new RegExp(`\\n${lines.length} spec error\\(s\\); \\S*out-[\\w-]+/ left unchanged\\n$`));
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(result.stdout).toBe('');
  }
  expect(snapshotTree(out)).toEqual(before);
}

describe('bad input through the CLI: exit 1, the path and the rule, no stack, output untouched', () => {
  it('an unknown key three levels deep, with "did you mean"', () => {
    expectCleanFailure(specFile('unknown-key', (s) => { s.namespaces.store.services.web.probes.readiness.periodSecond = 3; }), [
      `${WEB}.probes.readiness.periodSecond: unknown key 'periodSecond' (did you mean 'periodSeconds'?); allowed: path, periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds [schema-unknown-key]`,
    ], ['validate', 'synth']);
  });

  it.each([
    ['service', (s: any) => { s.namespaces.store.services.web = null; }, `${WEB}: must be an object, not null [schema-type]`],
    ['namespace', (s: any) => { s.namespaces.store = null; }, 'shop.namespaces.store: must be an object, not null [schema-type]'],
    ['node pool', (s: any) => { s.nodePools.general = null; }, 'shop.nodePools.general: must be an object, not null [schema-type]'],
    ['region', (s: any) => { s.regions.east = null; }, 'shop.regions.east: must be an object, not null [schema-type]'],
  ])('a null %s', (name, edit, line) => {
    expectCleanFailure(specFile(`null-${name.replace(' ', '-')}`, edit), [line], name === 'service' ? ['validate', 'synth'] : ['synth']);
  });

  it('a wrong type: zones as an object, a command as a string', () => {
    expectCleanFailure(specFile('wrong-type', (s) => {
      s.regions.west.zones = { a: 'west-a' };
      s.namespaces.store.services.web.command = 'gunicorn app:wsgi';
    }), [
      `${WEB}.command: must be a list, not a string ("gunicorn app:wsgi") [schema-type]`,
      'shop.regions.west.zones: must be a list, not an object [schema-type]',
    ]);
  });

  it('a prototype name: a service named constructor, and a node pool reference toString', () => {
    expectCleanFailure(specFile('prototype-name', (s) => {
      s.namespaces.store.services.constructor = s.namespaces.store.services.web;
    }), [
      "shop.namespaces.store.services.constructor: 'constructor' is reserved: every JavaScript object has a member of that name, so it cannot name a map entry; choose another name [schema-reserved-name]",
    ]);
    expectCleanFailure(specFile('prototype-reference', (s) => { s.namespaces.store.services.web.nodePool = 'toString'; }), [
      `${WEB}.nodePool: node pool 'toString' is not declared; known pools: compute, general [unknown-node-pool]`,
    ]);
  });

  it('int32 overflow: maxReplicas 2^31', () => {
    expectCleanFailure(specFile('int32', (s) => { s.namespaces.store.services.web.autoscaling.maxReplicas = 2 ** 31; }), [
      `${WEB}.autoscaling.maxReplicas: 2147483648 is outside int32 (-2147483648…2147483647); Kubernetes stores this field as a 32-bit integer [schema-int32]`,
    ]);
  });

  it('a non-finite number: .inf and .nan in YAML', () => {
    expectCleanFailure(specFile('non-finite', (s) => {
      s.namespaces.store.services.web.autoscaling.requestsPerSecondPerPod = Infinity;
      s.namespaces.store.services.web.autoscaling.peakRequestsPerSecond = NaN;
    }), [
      `${WEB}.autoscaling.peakRequestsPerSecond: must be a finite number, not NaN [schema-finite]`,
      `${WEB}.autoscaling.requestsPerSecondPerPod: must be a finite number, not Infinity [schema-finite]`,
    ]);
  });
});

describe('randomly mutated hyperscale specs through `synth` (a handful; the in-process property runs hundreds)', () => {
  it('exit 0 and render, or exit 1 with path: message [rule] lines and the output folder byte-identical; never exit 3 or a stack', () => {
    let run = 0;
    fc.assert(fc.property(mutationsArb, (mutations) => {
      run++;
      const spec = mutate(hyperscale, mutations);
      const file = path.join(work, `mutant-${run}.yaml`);
      fs.writeFileSync(file, yaml.dump(spec));
      const out = path.join(work, `mutant-out-${run}`);
      fs.mkdirSync(path.join(out, 'hyperscale'), { recursive: true });
      fs.writeFileSync(path.join(out, 'hyperscale/applicationset.yaml'), 'previous render\n');
      const before = snapshotTree(out);

      const result = cli(['synth', '--spec', file, '--out', out]);
      expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
      expect([0, 1]).toContain(result.code);
      if (result.code === 1) {
        const prefix = pathPrefix(spec);
        const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: ')).map((l) => l.slice('error: '.length));
        expect(errors.length).toBeGreaterThan(0);
        for (const line of errors) expect({ line, clean: isCleanIssueLine(line, prefix) }).toEqual({ line, clean: true });
        expect(snapshotTree(out)).toEqual(before);
      } else {
        expect(Object.keys(snapshotTree(out)).filter((f) => f.endsWith('/00-cluster.yaml')).length).toBeGreaterThan(0);
      }
    }), { numRuns: 5 });
  });
});
