/**
 * Safe output end to end, on a throwaway copy of the repository (its package.json, the bundle
 * and the committed dist/): the default output folder is the repository's dist/ whatever the
 * current folder, `--spec` without `--out` writes only its own platform folder, `--out .` in a
 * repository root deletes nothing, and `--out FILE` is refused.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MANIFEST_FILE } from '../../src/render/write';
import { shopPlatform } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isSymbolicLink()) {
        out[path.relative(dir, full)] = `-> ${fs.readlinkSync(full)}`;
        continue;
      }
      const mode = (fs.statSync(full).mode & 0o7777).toString(8);
      if (entry.isDirectory()) {
        out[`${path.relative(dir, full)}/`] = mode;
        walk(full);
      } else {
        out[path.relative(dir, full)] = `${mode} ${fs.readFileSync(full, 'utf8')}`;
      }
    }
  };
  walk(dir);
  return out;
}

let work: string;
let repo: string;
let cli: (args: string[], cwd?: string) => { code: number | null; stdout: string; stderr: string };

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-out-'));
  repo = path.join(work, 'repo');
  fs.mkdirSync(path.join(repo, 'build'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'sub/deeper'), { recursive: true });
  // The loader, the bundles it runs (the compiler, the gate's thread) and their code caches.
  for (const file of ['main.js', 'compiler.js', 'compiler.js.v8cache', 'gate-worker.js', 'gate-worker.js.v8cache']) fs.copyFileSync(path.join(ROOT, 'build', file), path.join(repo, 'build', file));
  // The render gate's precompiled validators (scripts/build-schema-gate.mjs) sit beside the bundle
  // and load ajv's small runtime helpers from node_modules.
  fs.symlinkSync(path.join(ROOT, 'build/schema-gate'), path.join(repo, 'build/schema-gate'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  fs.writeFileSync(path.join(repo, 'package.json'), '{ "name": "platform-compiler" }\n');
  fs.cpSync(path.join(ROOT, 'dist'), path.join(repo, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(work, 'shop.json'), JSON.stringify(shopPlatform()));
  fs.writeFileSync(path.join(work, 'named-hyperscale.json'), JSON.stringify({ ...shopPlatform(), name: 'hyperscale' }));
  const broken = JSON.parse(JSON.stringify(shopPlatform()));
  broken.namespaces.store.services.web.image = 'registry.internal/shop/web:latest';
  fs.writeFileSync(path.join(work, 'broken.json'), JSON.stringify(broken));
  cli = (args, cwd = path.join(repo, 'sub/deeper')) => {
    const result = spawnSync(process.execPath, [path.join(repo, 'build/main.js'), ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the default output folder', () => {
  it('synth --spec without --out writes only its platform folder into the repository dist/, from any current folder', () => {
    const hyperscale = snapshot(path.join(repo, 'dist/hyperscale'));
    const result = cli(['synth', '--spec', path.join(work, 'shop.json')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`→ ${path.join(repo, 'dist')}/ \\(shop\\) in \\d+ ms`));
    expect(fs.readdirSync(path.join(repo, 'dist')).sort()).toEqual([MANIFEST_FILE, 'commerce', 'hld-1m-rps', 'hyperscale', 'scaling-architecture', 'shop', 'spike-ready']);
    expect(snapshot(path.join(repo, 'dist/hyperscale'))).toEqual(hyperscale);
    expect(fs.existsSync(path.join(repo, 'sub/deeper/dist'))).toBe(false);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(repo, 'dist', MANIFEST_FILE), 'utf8')).platforms)).toEqual(['commerce', 'hld-1m-rps', 'hyperscale', 'scaling-architecture', 'shop', 'spike-ready']);
  });

  it('refuses, exit 2, a spec named like a built-in platform without --out: the committed render is not overwritten', () => {
    const before = snapshot(path.join(repo, 'dist'));
    const result = cli(['synth', '--spec', path.join(work, 'named-hyperscale.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: spec platform 'hyperscale' has the name of a built-in platform; without --out it would overwrite the committed ${path.join(repo, 'dist/hyperscale')}/. Pass --out DIR\n`);
    expect(snapshot(path.join(repo, 'dist'))).toEqual(before);
  });

  it('names the folder actually used when a spec fails, and leaves it byte-identical', () => {
    const before = snapshot(path.join(repo, 'dist'));
    const result = cli(['synth', '--spec', path.join(work, 'broken.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`1 spec error(s); ${path.join(repo, 'dist')}/ left unchanged\n`);
    expect(snapshot(path.join(repo, 'dist'))).toEqual(before);
    // Relative to the current folder when it is inside it.
    expect(cli(['synth', '--spec', path.join(work, 'broken.json')], repo).stderr).toContain('1 spec error(s); dist/ left unchanged\n');
  });

  it('plan compares against the repository dist/, whatever the current folder', () => {
    const result = cli(['plan', '--platform', 'hyperscale']);
    expect(result.stderr).not.toContain('does not exist');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('plan: 0 changed, 0 added, 0 removed');
  });

  it('a run over every built-in platform removes the platform folders it wrote that no platform renders, and nothing else', () => {
    fs.mkdirSync(path.join(repo, 'dist/notes'));
    fs.writeFileSync(path.join(repo, 'dist/notes/README.md'), 'kept\n');
    const hyperscale = snapshot(path.join(repo, 'dist/hyperscale'));
    const result = cli(['synth']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(commerce, hld-1m-rps, hyperscale, scaling-architecture, spike-ready; removed stale shop)');
    expect(fs.readdirSync(path.join(repo, 'dist')).sort()).toEqual([MANIFEST_FILE, 'commerce', 'hld-1m-rps', 'hyperscale', 'notes', 'scaling-architecture', 'spike-ready']);
    expect(snapshot(path.join(repo, 'dist/hyperscale'))).toEqual(hyperscale);
    expect(fs.readFileSync(path.join(repo, 'dist', MANIFEST_FILE), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'dist', MANIFEST_FILE), 'utf8'));
  });
});

describe('--out', () => {
  it('--out . in a repository root deletes nothing: foreign files, .git and dist/ stay byte-identical', () => {
    fs.mkdirSync(path.join(repo, '.git/refs'), { recursive: true });
    fs.writeFileSync(path.join(repo, '.git/HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(repo, 'README.md'), '# project\n');
    const before = snapshot(repo);
    for (let run = 0; run < 2; run++) {
      const result = cli(['synth', '--out', '.', '--spec', path.join(work, 'shop.json')], repo);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/→ \.\/ \(shop\) in \d+ ms/);
    }
    const after = snapshot(repo);
    for (const [entry, value] of Object.entries(before)) expect(after[entry]).toBe(value);
    const added = new Set(Object.keys(after).filter((e) => !(e in before)).map((e) => e.split('/')[0]));
    expect([...added].sort()).toEqual([MANIFEST_FILE, 'shop']);
  });

  it('--out . refuses, exit 2, when a folder there has the name of the platform and is not synth\'s', () => {
    fs.mkdirSync(path.join(work, 'proj/shop'), { recursive: true });
    fs.writeFileSync(path.join(work, 'proj/shop/index.ts'), 'export {};\n');
    const before = snapshot(path.join(work, 'proj'));
    const result = cli(['synth', '--out', '.', '--spec', path.join(work, 'shop.json')], path.join(work, 'proj'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*proj\/shop\/index\.ts is not generated, and \.platform-compiler-manifest\.json does not list 'shop'; synth will not replace .*proj\/shop\. Move it away or choose another --out\n$/);
    expect(snapshot(path.join(work, 'proj'))).toEqual(before);
  });

  it('--out naming a file is refused with exit 2 before anything is rendered, and the file is kept', () => {
    const file = path.join(work, 'somefile');
    fs.writeFileSync(file, 'keep me\n');
    const result = cli(['synth', '--out', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --out ${file} is a file, not a folder; synth writes a folder of platform folders\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('a fresh output folder and its platform folders get ordinary modes, and an existing folder keeps its mode', () => {
    const fresh = path.join(work, 'fresh');
    expect(cli(['synth', '--out', fresh, '--spec', path.join(work, 'shop.json')]).code).toBe(0);
    const ordinary = (0o777 & ~0o022).toString(8);
    expect([fresh, path.join(fresh, 'shop'), path.join(fresh, 'shop/east')].map((d) => (fs.statSync(d).mode & 0o777).toString(8)))
      .toEqual([ordinary, ordinary, ordinary]);
    fs.chmodSync(fresh, 0o750);
    fs.chmodSync(path.join(fresh, 'shop'), 0o711);
    expect(cli(['synth', '--out', fresh, '--spec', path.join(work, 'shop.json')]).code).toBe(0);
    expect([fresh, path.join(fresh, 'shop')].map((d) => (fs.statSync(d).mode & 0o777).toString(8))).toEqual(['750', '711']);
  });
});
