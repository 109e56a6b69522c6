/**
 * `validate --tree DIR` (and `validate DIR`) end to end on the bundle: exit codes, the text and
 * JSON reports, usage errors, the same result from the lean bundle and the full CLI, and the cdk8s
 * validation plugin failing `cdk8s synth` on a bad tree.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { cleanTree, docOf, writeTree } from '../support/tree-fixtures';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'build/main.js');
const cli = (args: string[], cwd = ROOT) => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let work: string;
let bad: string;
let good: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-validate-tree-'));
  good = writeTree(cleanTree(), path.join(work, 'good'));
  const tree = cleanTree();
  docOf(tree, 'shop/c1/10-web.yaml', 'Deployment', 'api').spec.replicas = 3;
  docOf(tree, 'shop/c1/10-web.yaml', 'Service', 'api').spec.selector = { app: 'apx' };
  bad = writeTree(tree, path.join(work, 'bad'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('validate --tree', () => {
  it('passes the committed dist/ (exit 0), given as the positional DIR', () => {
    const r = cli(['validate', 'dist']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^dist\/: \d+ objects in \d+ files: valid\n$/);
  });

  it('prints every finding with its object, field, rule and fix, and exits 1', () => {
    const r = cli(['validate', '--tree', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'error: shop/c1/10-web.yaml: Deployment web/api: spec.replicas: sets replicas: 3 but HorizontalPodAutoscaler web/api scales it; every sync resets the count to 3 and fights the autoscaler [autoscaled-replicas-unset]',
      "  fix: Remove spec.replicas from the workload; the autoscaler's minReplicas (minReplicaCount) is its floor.",
      'error: shop/c1/10-web.yaml: Service web/api: spec.selector: selector {"app":"apx"} matches no pod template in shop/c1/ namespace web, so the Service has no endpoints [service-selects-pods]',
      "  fix: Make the selector the workload's selector labels, or render the workload.",
      `${bad}/: 13 objects in 2 files: 2 error(s)`,
      '',
    ].join('\n'));
  });

  it('evaluates CEL rules in the bundle too (cel-js runs from its code cache there, in the caller\'s realm)', () => {
    const tree = cleanTree();
    docOf(tree, 'shop/c1/10-web.yaml', 'ScaledObject', 'worker').spec.minReplicaCount = 20;
    docOf(tree, 'shop/c1/10-web.yaml', 'DestinationRule', 'api').spec.trafficPolicy = { outlierDetection: { baseEjectionTime: '0s' } };
    const dir = writeTree(tree, path.join(work, 'cel'));
    const r = cli(['validate', '--tree', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { object: { kind: string }; path: string; message: string }[];
    expect(findings.map((f) => [f.object.kind, f.path, f.message.replace(/ \(x-kubernetes-validations.*$/, '')])).toEqual([
      ['ScaledObject', 'spec', 'minReplicaCount must be less than or equal to maxReplicaCount'],
      ['DestinationRule', 'spec.trafficPolicy.outlierDetection.baseEjectionTime', 'must be a valid duration greater than 1ms'],
    ]);
  });

  it('--format json: one document with each finding as rule, severity, file, object, path, message and fix', () => {
    const r = cli(['validate', '--tree', bad, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ valid: false, files: 2, objects: 13, errors: 2, warnings: 0 });
    expect(report.findings[1]).toEqual({
      rule: 'service-selects-pods', severity: 'error', file: 'shop/c1/10-web.yaml', object: { kind: 'Service', namespace: 'web', name: 'api' },
      path: 'spec.selector', message: 'selector {"app":"apx"} matches no pod template in shop/c1/ namespace web, so the Service has no endpoints',
      fix: "Make the selector the workload's selector labels, or render the workload.",
    });
    expect(cli(['validate', good, '--format=json'])).toMatchObject({ code: 0 });
  });

  it('the full CLI (ts-node, or any form the lean entry does not take) gives the same report as the lean bundle', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => { written.push(String(chunk)); return true; });
    let code: number;
    try {
      code = runCli(['validate', '--tree', bad, '--format', 'json']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    expect(written.join('')).toBe(cli(['validate', '--tree', bad, '--format', 'json']).stdout);
  });

  it('usage errors exit 2 and name the problem', () => {
    expect(cli(['validate', '--tree', 'no-such-dir'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--tree no-such-dir: no such folder') });
    expect(cli(['validate', 'dist', 'dist'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unexpected argument 'dist'") });
    expect(cli(['validate', 'dist', '--tree', 'dist'])).toMatchObject({ code: 2, stderr: expect.stringContaining("'dist' and --tree name the same thing") });
    expect(cli(['validate', '--tree', 'dist', '--platform', 'hyperscale'])).toMatchObject({ code: 2, stderr: expect.stringContaining('it takes no --spec, --platform or --explain') });
    expect(cli(['validate', '--tree', 'dist', '--format', 'yaml'])).toMatchObject({ code: 2, stderr: expect.stringContaining("--format takes 'text' or 'json', not 'yaml'") });
    expect(cli(['validate', '--tree', 'package.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is a file, not a folder') });
  });

  it('--help shows the DIR form and says which CEL rules are evaluated and which skipped', () => {
    const r = cli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: platform-compiler validate [options] [DIR]');
    expect(r.stdout).toContain('--tree DIR');
    expect(r.stdout).toContain('transition rules (oldSelf)');
  });
});

describe('cdk8s synth with the validation plugin (cdk8s.yaml validations)', () => {
  const CDK8S = path.join(ROOT, 'node_modules/cdk8s-cli/bin/cdk8s');
  /** A cdk8s project whose app "synthesizes" by copying `tree` into cdk8s' output folder. */
  const synthOf = (tree: string) => {
    const dir = fs.mkdtempSync(path.join(work, 'cdk8s-'));
    const copy = `fs.cpSync(${JSON.stringify(tree)}, process.env.CDK8S_OUTDIR, { recursive: true })`;
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `${JSON.stringify({
      language: 'typescript', app: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(`const fs = require('fs'); ${copy}`)}`, output: 'out',
      validations: [{ package: path.join(ROOT, 'scripts/cdk8s-validation'), version: '0.1.0', class: 'RenderedTreeValidation' }],
    }, null, 2)}\n`);
    const r = spawnSync(process.execPath, [CDK8S, 'synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('fails (exit 2) on a bad tree, reporting each rule and object, and passes a clean one', () => {
    const failed = synthOf(bad);
    expect(failed.code).toBe(2);
    expect(failed.out).toContain('Validation failed');
    for (const text of ['autoscaled-replicas-unset', 'service-selects-pods', 'Deployment web/api', 'Service web/api', 'spec.selector', 'errors   │ 2']) expect(failed.out).toContain(text);
    const passed = synthOf(good);
    expect(passed.code).toBe(0);
    expect(passed.out).toContain('Validations ended succesfully');
  });
});
