/**
 * CLI conventions: help in three spellings for the tool and each command, the documented exit
 * codes, repeated and unknown flags as usage errors, and `--format json` output that parses.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, runCli } from '../../src/cli/main';
import * as validate from '../../src/spec/validate';
import { RULES } from '../../src/spec/rules/catalogue';
import { explainRule } from '../../src/spec/rules/catalogue-docs';
import { shopPlatform } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'build/main.js');
const COMMANDS = ['synth', 'validate', 'diff', 'plan', 'simulate'];

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-conv-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('help', () => {
  it('--help, -h and help print the tool usage on stdout with exit 0, listing every command and the exit codes', () => {
    const outputs = [['--help'], ['-h'], ['help']].map(cli);
    for (const result of outputs) {
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(outputs[0].stdout);
    }
    expect(outputs[0].stdout.split('\n')[0]).toBe('usage: platform-compiler <command> [options]');
    for (const command of COMMANDS) expect(outputs[0].stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(outputs[0].stdout).toContain('exit codes: 0 ok, 1 spec errors, 2 usage');
  });

  it.each(COMMANDS)('%s --help, %s -h and help %s print that command\'s options', (command) => {
    const outputs = [[command, '--help'], [command, '-h'], ['help', command]].map(cli);
    for (const result of outputs) {
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(outputs[0].stdout);
    }
    // validate alone takes one positional argument (the rendered folder of `validate DIR`).
    expect(outputs[0].stdout.split('\n')[0]).toBe(`usage: platform-compiler ${command} [options]${command === 'validate' ? ' [DIR]' : ''}`);
    expect(outputs[0].stdout).toContain('  -h, --help ');
    expect(outputs[0].stdout).toContain('  --platform NAME ');
  });

  it('help wins over other arguments, and help for an unknown command is a usage error', () => {
    expect(cli(['synth', '--out', '/nonexistent/x', '--help'])).toMatchObject({ code: 0 });
    expect(cli(['help', 'deploy'])).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('usage errors exit 2 with one line naming the problem', () => {
  it.each([
    [['synth', '--out', 'a', '--out', 'b'], "error: option '--out' is given more than once\n"],
    [['plan', '--format', 'json', '--format=text'], "error: option '--format' is given more than once\n"],
    [['simulate', '--service', 'api', '--service', 'api', '--load', '0:1'], "error: option '--service' is given more than once\n"],
    [['synth', '--fail-on', 'danger'], "error: unknown option '--fail-on' for synth; see `platform-compiler synth --help`\n"],
    [['synth', '--outt', 'x'], "error: unknown option '--outt' for synth (did you mean '--out'?); see `platform-compiler synth --help`\n"],
    [['validate', '--spec'], "error: option '--spec' needs a value; see `platform-compiler validate --help`\n"],
    [['validate', '--spec', '--platform', 'x'], "error: option '--spec' needs a value; see `platform-compiler validate --help`\n"],
    // `validate DIR` checks a rendered folder; a platform name is pointed to --platform.
    [['validate', 'hyperscale'], "error: --tree hyperscale: no such folder; validate DIR checks a rendered folder such as dist/ or dist/<platform> (a built-in platform's spec: --platform NAME)\n"],
    [['validate', 'dist', 'x'], "error: unexpected argument 'x'; see `platform-compiler validate --help`\n"],
    [['validate', '--format', 'yaml'], "error: --format takes 'text' or 'json', not 'yaml'\n"],
    [['plan', '--fail-on', 'warning'], "error: --fail-on takes 'danger' or 'caution', not 'warning'\n"],
    [['deploy'], "error: unknown command 'deploy'; commands: synth, validate, diff, plan, simulate, help\n"],
  ])('%j', (args, stderr) => {
    expect(cli(args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('no command at all prints the usage on stderr', () => {
    const result = cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no command given\n\nusage: platform-compiler <command> [options]');
  });
});

describe('exit codes', () => {
  it('documents them once: 0 ok, 1 spec errors, 2 usage, 3 internal, 4 plan threshold', () => {
    expect(EXIT).toEqual({ ok: 0, specErrors: 1, usage: 2, internal: 3, planThreshold: 4 });
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const [code, meaning] of [[0, 'ok'], [1, 'spec errors'], [2, 'usage'], [3, 'internal error'], [4, 'plan threshold']] as const) {
      expect(readme).toMatch(new RegExp(`^\\| ${code} \\| ${meaning}`, 'm'));
    }
  });

  it('an unexpected failure is an internal error: exit 3, one line, no stack', () => {
    const stderr: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    jest.spyOn(validate, 'validatePlatform').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      expect(runCli(['validate'])).toBe(3);
    } finally {
      jest.restoreAllMocks();
    }
    expect(stderr).toEqual(['internal error: boom\n']);
  });
});

describe('--format json', () => {
  it('validate: one document with every issue, warnings included; exit 0 when valid', () => {
    const result = cli(['validate', '--format', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(true);
    // hyperscale: 4 pool-capacity-at-max, 1 rate-limit-per-pod (Kong's per-pod limit × 2 pods), 1
    // postgres-work-mem-budget (seed 000's work_mem 256MB × max_connections 10000 against 256Gi), 1
    // rabbitmq-cluster-size (seed 000's 50+ brokers).
    // commerce: 5 rate-limit-per-pod (4 Kong pods) and 3 seed-contradiction; spike-ready: seed 004's 3 operating-point warnings and 1 seed-contradiction (reserved connections).
    expect(report.platforms.map((p: any) => [p.platform, p.valid, p.errors, p.warnings])).toEqual([
      ['hyperscale', true, 0, 7], ['commerce', true, 0, 8], ['hld-1m-rps', true, 0, 0], ['scaling-architecture', true, 0, 0], ['spike-ready', true, 0, 4],
    ]);
    expect(report.platforms[0].issues.find((i: any) => i.rule === 'pool-capacity-at-max')).toEqual({
      path: 'hyperscale.nodePools.compute-optimized.capacityPerRegion.cpu', rule: 'pool-capacity-at-max', severity: 'warning',
      message: expect.stringContaining("at maxReplicas the pool's workloads need 10000 CPU (api 5000 × 2)"),
    });
  });

  it('validate: errors with path and rule, exit 1, nothing on stderr', () => {
    const spec = JSON.parse(JSON.stringify(shopPlatform()));
    spec.namespaces.store.services.web.image = 'registry.internal/shop/web:latest';
    const file = path.join(work, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const result = cli(['validate', '--spec', file, '--format', 'json']);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      platforms: [{ platform: 'shop', valid: false, errors: 1, warnings: 0, issues: [{
        path: 'shop.namespaces.store.services.web.image', rule: 'image-tag', severity: 'error',
        message: "image 'registry.internal/shop/web:latest' uses the 'latest' tag; pin a version tag or a digest so every cluster runs the same build",
      }] }],
    });
  });

  it('diff and plan: every change with its fields; plan adds notes and exit 4 past --fail-on', () => {
    const base = path.join(work, 'base');
    const file = path.join(work, 'shop.json');
    fs.writeFileSync(file, JSON.stringify(shopPlatform()));
    expect(cli(['synth', '--spec', file, '--out', base]).code).toBe(0);
    fs.writeFileSync(file, JSON.stringify(shopPlatform({}, { autoscaling: { minReplicas: 2, maxReplicas: 12, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } })));

    const diff = cli(['diff', '--spec', file, '--base', base, '--format', 'json']);
    expect(diff.code).toBe(0);
    const changes = JSON.parse(diff.stdout);
    expect(changes.summary).toEqual({ changed: 2, added: 0, removed: 0 });
    expect(changes.changes[0]).toEqual({
      cluster: 'shop/east', change: 'changed', kind: 'HorizontalPodAutoscaler', namespace: 'store', name: 'web',
      fields: [{ path: 'spec.minReplicas', before: 3, after: 2 }],
    });

    const plan = cli(['plan', '--spec', file, '--base', base, '--format', 'json', '--fail-on', 'caution']);
    expect(plan.code).toBe(4);
    const report = JSON.parse(plan.stdout);
    expect(report).toMatchObject({ summary: { changed: 2, added: 0, removed: 0, dangers: 0, cautions: 2 }, failOn: 'caution', thresholdExceeded: true });
    expect(report.changes[0].notes).toContainEqual({ level: 'caution', text: 'floor 3 → 2 pods: less headroom for a sudden spike' });
    expect(cli(['plan', '--spec', file, '--base', base, '--format', 'json']).code).toBe(0);
  });
});

describe('validate --explain', () => {
  it('prints the catalogue entry of a rule, as text or JSON', () => {
    expect(cli(['validate', '--explain', 'retry-budget'])).toEqual({ code: 0, stdout: explainRule('retry-budget'), stderr: '' });
    const json = cli(['validate', '--explain', 'hash-with-canary', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ rule: 'hash-with-canary', ...RULES['hash-with-canary'] });
  });

  it('an unknown rule is a usage error that suggests the closest ids', () => {
    expect(cli(['validate', '--explain', 'min-max-replica'])).toEqual({
      code: 2, stdout: '', stderr: "error: unknown rule 'min-max-replica'; did you mean 'min-max-replicas'? (all rules: docs/rules.md)\n",
    });
    expect(cli(['validate', '--explain', 'qqqqqqqqqq']).stderr).toBe("error: unknown rule 'qqqqqqqqqq' (all rules: docs/rules.md)\n");
  });
});
