/**
 * The CLI end to end, on the bundled build: deterministic output, committed dist/ up to date,
 * and bad input failing cleanly (exit 1, path and rule named, no stack trace, dist/ untouched).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { PLATFORMS } from '../../platforms';
import { renderPlatforms } from '../../src/compile';
import { MANIFEST_FILE, manifestText } from '../../src/render/write';
import { shopPlatform } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'build/main.js');

function cli(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8' });
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
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('synth', () => {
  it('renders byte-identical output on every run', () => {
    const a = cli(['synth', '--out', path.join(work, 'a')]);
    const b = cli(['synth', '--out', path.join(work, 'b')]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(snapshotTree(path.join(work, 'a'))).toEqual(snapshotTree(path.join(work, 'b')));
  });

  it('matches the committed dist/ exactly (the rendered-manifests pattern), manifest of owned folders included', () => {
    const rendered = renderPlatforms(PLATFORMS);
    const { [MANIFEST_FILE]: manifest, ...committed } = snapshotTree(path.join(ROOT, 'dist'));
    expect(committed).toEqual(Object.fromEntries(rendered));
    const owned: Record<string, string[]> = {};
    for (const file of rendered.keys()) {
      const [platform, ...rest] = file.split('/');
      (owned[platform] ??= []).push(rest.join('/'));
    }
    expect(manifest).toBe(manifestText(owned));
    expect(Object.keys(owned).sort()).toEqual(PLATFORMS.map((p) => p.name).sort());
  });

  it('renders a YAML spec file', () => {
    const spec = path.join(work, 'shop.yaml');
    fs.writeFileSync(spec, yaml.dump(shopPlatform()));
    const out = path.join(work, 'shop-out');
    expect(cli(['synth', '--spec', spec, '--out', out]).code).toBe(0);
    expect(Object.keys(snapshotTree(out)).sort()).toEqual([MANIFEST_FILE, 'shop/addons.yaml', 'shop/applicationset.yaml', 'shop/east/00-cluster.yaml', 'shop/east/10-store.yaml', 'shop/west/00-cluster.yaml', 'shop/west/10-store.yaml']);
  });
});

describe('bad input', () => {
  const broken = () => {
    const spec = JSON.parse(JSON.stringify(shopPlatform({
      regions: { 'eu-west': { zones: ['a'], services: { web: { autoscaling: { minReplicas: 120, maxReplicas: 100 } } } } },
    })));
    spec.namespaces.store.services.web.image = 'registry.internal/shop/web:latest';
    return spec;
  };

  it('exits 1 naming each path and rule, without a stack trace, and leaves the output folder byte-identical', () => {
    const out = path.join(work, 'kept');
    fs.mkdirSync(path.join(out, 'shop/east'), { recursive: true });
    fs.writeFileSync(path.join(out, 'shop/east/00-cluster.yaml'), 'previous render\n');
    const before = snapshotTree(out);
    const spec = path.join(work, 'broken.json');
    fs.writeFileSync(spec, JSON.stringify(broken()));

    const result = cli(['synth', '--spec', spec, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: shop.namespaces.store.services.web.image: image \'registry.internal/shop/web:latest\' uses the \'latest\' tag');
    expect(result.stderr).toContain('error: shop.regions.eu-west.services.web.autoscaling: minReplicas (120) > maxReplicas (100) [min-max-replicas]');
    expect(result.stderr).toContain(`2 spec error(s); ${out}/ left unchanged`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(out)).toEqual(before);
    expect(fs.readdirSync(work).filter((f) => f.includes('.staging-') || f.includes('.previous-'))).toEqual([]);
  });

  it('validate reports the same errors with exit 1, and a valid platform with exit 0', () => {
    const spec = path.join(work, 'broken-validate.json');
    fs.writeFileSync(spec, JSON.stringify(broken()));
    const bad = cli(['validate', '--spec', spec]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(2);
    const good = cli(['validate']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('hyperscale: valid');
  });

  it('rejects unreadable or malformed spec files and unknown commands with a one-line error, exit 2', () => {
    const malformed = path.join(work, 'malformed.yaml');
    fs.writeFileSync(malformed, 'name: [unclosed');
    for (const args of [['synth', '--spec', path.join(work, 'missing.yaml')], ['synth', '--spec', malformed], ['deploy'], ['synth', '--platform', 'nope']]) {
      const result = cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('plan', () => {
  it('says there is nothing to do when dist/ is current', () => {
    const result = cli(['plan']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('plan: 0 changed, 0 added, 0 removed; 0 danger(s), 0 caution(s)');
  });

  it('explains a change against a base render, and --fail-on turns cautions into exit 4', () => {
    const base = path.join(work, 'plan-base');
    const spec = path.join(work, 'plan-shop.json');
    fs.writeFileSync(spec, JSON.stringify(shopPlatform()));
    expect(cli(['synth', '--spec', spec, '--out', base]).code).toBe(0);
    const changed = shopPlatform({}, { autoscaling: { minReplicas: 2, maxReplicas: 12, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } });
    fs.writeFileSync(spec, JSON.stringify(changed));
    const result = cli(['plan', '--spec', spec, '--base', base]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('! caution: floor 3 → 2 pods: less headroom for a sudden spike');
    expect(cli(['plan', '--spec', spec, '--base', base, '--fail-on', 'caution']).code).toBe(4);
    expect(cli(['diff', '--spec', spec, '--base', base]).stdout).toContain('spec.minReplicas: 3 → 2');
  });
});

describe('simulate', () => {
  it('replays a load curve against a service HPA and prints each replica change', () => {
    const result = cli(['simulate', '--service', 'api', '--region', 'us-east', '--load', '0:33300,60:333334', '--duration', '240']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('simulate: hyperscale/us-east api: 100–5000 replicas, behavior hyperscale-api');
    // 333,334 req/s at 333 per pod needs 1002 pods. Pods saturate at their CPU limit (the controller
    // sees 100 % CPU → ceil(100 / 70 × 100) = 143) and are unready for 60 s, so steps come every 90 s
    // (timeline worked in test/cli/simulate.test.ts).
    expect(result.stdout).toMatch(/1m30s\s+100 → 143\s+143\s+1002/);
    expect(result.stdout).toMatch(/3m00s\s+143 → 205/);
    // The idealised model: +50 % per 30 s from 100, every pod ready at once.
    const optimistic = cli(['simulate', '--service', 'api', '--region', 'us-east', '--load', '0:33300,60:333334', '--duration', '240', '--model', 'optimistic']);
    expect(optimistic.stdout).toMatch(/1m15s\s+100 → 150\s+1002/);
    expect(optimistic.stdout).toMatch(/1m45s\s+150 → 225/);
  });

  it('rejects a malformed load curve with exit 2', () => {
    const result = cli(['simulate', '--service', 'api', '--load', 'soon']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: "error: --load: 'soon' is not TIME:VALUE\n" });
  });
});
