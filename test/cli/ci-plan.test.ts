/**
 * scripts/ci-plan.sh on a two-commit fixture repository: commit 1 holds a rendered tree, commit 2
 * the same platform with a higher ceiling and a new image tag (then a rename). The script must
 * write the plan comment and exit with plan's code; a stale dist/ exits 5.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderPlatforms } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';
import { shopPlatform, webService } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/ci-plan.sh');
const CLI = `${process.execPath} ${path.join(ROOT, 'build/main.js')}`;
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'fixture', GIT_AUTHOR_EMAIL: 'fixture@example.invalid',
  GIT_COMMITTER_NAME: 'fixture', GIT_COMMITTER_EMAIL: 'fixture@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8' });

/** Replaces dist/ of the fixture repository with the render of `spec` and commits it. */
function commitRender(spec: PlatformSpec, message: string): void {
  fs.rmSync(path.join(repo, 'dist'), { recursive: true, force: true });
  for (const [file, text] of renderPlatforms([spec])) {
    fs.mkdirSync(path.dirname(path.join(repo, 'dist', file)), { recursive: true });
    fs.writeFileSync(path.join(repo, 'dist', file), text);
  }
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

function runScript(base: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', [SCRIPT, base, 'plan.md'], {
    cwd: repo, encoding: 'utf8', env: { ...GIT_ENV, PLAN_RENDER: '0', PLAN_CLI: CLI, ...env },
  });
  const out = path.join(repo, 'plan.md');
  return { code: result.status, stderr: result.stderr, markdown: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined };
}

const bump = shopPlatform({}, { image: 'registry.internal/shop/web:1.5.0', autoscaling: { ...webService().autoscaling!, maxReplicas: 20 } });

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-ci-plan-'));
  git('init', '-q', '-b', 'main');
  commitRender(shopPlatform(), 'render');
  commitRender(bump, 'ceiling 12 → 20, web 1.5.0');
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));
afterEach(() => fs.rmSync(path.join(repo, 'plan.md'), { force: true }));

describe('scripts/ci-plan.sh', () => {
  it('writes the plan of HEAD against BASE and exits 0 without a danger', () => {
    const { code, markdown } = runScript('HEAD~1');
    expect(code).toBe(0);
    const lines = markdown!.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '<!-- platform-compiler:plan -->',
      '### platform-compiler plan',
      '',
      '**0 dangers, 0 cautions** · 6 changed, 0 added, 0 removed, 0 renamed, 8 with only a version-label change',
    ]);
    // Per cluster: the ceiling 12 → 20 adds 8 pods of 500m and 512Mi each (and raises the namespace's quota).
    expect(lines).toContain('| shop | east | 0 | 3 | 0 | 0 | 3 → 3 | 12 → 20 | 0 / +4 | 0 / +4 GiB |');
    expect(lines).toContain('| shop | west | 0 | 3 | 0 | 0 | 3 → 3 | 12 → 20 | 0 / +4 | 0 / +4 GiB |');
    expect(lines).toContain('- `app.kubernetes.io/version` `1.4.2` → `1.5.0` on 12 objects (8 change nothing else)');
    expect(lines).toContain('  - `spec.template.spec.containers[name=web].image`: `registry.internal/shop/web:1.4.2` → `registry.internal/shop/web:1.5.0`');
    expect(lines).toContain('  - `spec.maxReplicas`: `12` → `20`');
    expect(markdown).toContain('#### Risk flags\n\nNone.\n');
  });

  it('exits 4 on a danger with the flags first: a renamed service prunes its Deployment and DNS name', () => {
    commitRender(shopPlatform({ namespaces: { store: { services: { storefront: webService() } } } }), 'rename web → storefront');
    try {
      const { code, markdown } = runScript('HEAD~1');
      expect(code).toBe(4);
      const flags = markdown!.split('#### Risk flags\n\n')[1].split('\n\n')[0].split('\n');
      expect(flags.slice(0, 4)).toEqual([
        '- 🛑 **danger** · `shop/east` · Deployment store/web → store/storefront: rename prunes the live Deployment store/web and all its pods; store/storefront starts at 1 pod until its autoscaler raises it',
        '- 🛑 **danger** · `shop/east` · Service store/web → store/storefront: rename prunes Service store/web: the DNS name web.store.svc.cluster.local stops resolving; clients must move to storefront.store.svc.cluster.local',
        '- 🛑 **danger** · `shop/west` · Deployment store/web → store/storefront: rename prunes the live Deployment store/web and all its pods; store/storefront starts at 1 pod until its autoscaler raises it',
        '- 🛑 **danger** · `shop/west` · Service store/web → store/storefront: rename prunes Service store/web: the DNS name web.store.svc.cluster.local stops resolving; clients must move to storefront.store.svc.cluster.local',
      ]);
      expect(flags.slice(4).every((line) => line.startsWith('- ⚠️ **caution**'))).toBe(true);
      // Paired although the base also had the bump: the version labels, the image and the ceiling differ besides the name.
      expect(markdown).toContain('| shop/east | Deployment | `store/web` | `store/storefront` | `metadata.labels.app.kubernetes.io/version`, '
        + '`spec.template.metadata.labels.app.kubernetes.io/version`, `spec.template.spec.containers[name={name}].image` |');
      expect(markdown).toContain('| shop/east | Service | `store/web` | `store/storefront` | `metadata.labels.app.kubernetes.io/version` |');
      expect(markdown).toContain('| shop | east | 0 | 2 | 0 | 6 | 3 → 3 | 20 → 12 | 0 / −4 | 0 / −4 GiB |');
      expect(runScript('HEAD~1', { PLAN_FAIL_ON: 'caution' }).code).toBe(4);
    } finally {
      git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('plans against a base without dist/ as all added', () => {
    const empty = git('commit-tree', git('hash-object', '-t', 'tree', '-w', '/dev/null').trim(), '-m', 'empty').trim();
    const { code, markdown } = runScript(empty);
    expect(code).toBe(0);
    expect(markdown).toContain('**0 dangers, 0 cautions** · 0 changed, 29 added, 0 removed, 0 renamed\n');
    // 10 objects per cluster and its namespace's ResourceQuota and LimitRange; 3 to 20 pods of 500m and 512Mi: 1.5 cores and 1.5 GiB at the floor, 10 and 10 GiB at the ceiling.
    expect(markdown).toContain('| shop | east | 12 | 0 | 0 | 0 | 0 → 3 | 0 → 20 | +1.5 / +10 | +1.5 / +10 GiB |');
    // The platform's own files (ApplicationSet, AppProjects, add-ons) hold no pods.
    expect(markdown).toContain('| shop | (platform) | 5 | 0 | 0 | 0 | 0 → 0 | 0 → 0 | 0 / 0 | 0 / 0 GiB |');
  });

  it('exits 5 and writes no plan when the render does not match the committed dist/', () => {
    // A stand-in compiler whose synth leaves dist/ different from the commit.
    const fake = path.join(repo, '..', `${path.basename(repo)}-fake-cli.sh`);
    fs.writeFileSync(fake, `#!/usr/bin/env bash\nif [ "$1" = synth ]; then echo "# stale" >> dist/shop/east/10-store.yaml; exit 0; fi\nexec ${CLI} "$@"\n`, { mode: 0o755 });
    try {
      const { code, markdown, stderr } = runScript('HEAD~1', { PLAN_RENDER: '1', PLAN_CLI: fake });
      expect(code).toBe(5);
      expect(markdown).toBeUndefined();
      expect(stderr).toContain('error: dist/ is stale: run `npm run synth` and commit the result');
      expect(stderr).toContain(' M dist/shop/east/10-store.yaml');
    } finally {
      git('checkout', '-q', '--', 'dist');
      fs.rmSync(fake, { force: true });
    }
  });

  it('refuses a base that is not a commit with exit 2', () => {
    const { code, stderr } = runScript('no-such-branch');
    expect(code).toBe(2);
    expect(stderr).toContain("error: base 'no-such-branch' is not a commit (fetch it first)");
  });

  it('plan --format json carries the same review: table rows, flags, renames and noise', () => {
    const base = path.join(repo, '..', `${path.basename(repo)}-base`);
    fs.mkdirSync(base);
    try {
      execFileSync('bash', ['-c', `git archive HEAD~1 dist | tar -x -C ${base}`], { cwd: repo });
      const result = spawnSync(process.execPath, [path.join(ROOT, 'build/main.js'), 'plan', '--base', path.join(base, 'dist'), '--head', 'dist', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
      expect(result.status).toBe(0);
      const { summary, review } = JSON.parse(result.stdout);
      expect(summary).toEqual({ changed: 14, added: 0, removed: 0, dangers: 0, cautions: 0 });
      const gib = 2 ** 30;
      expect(review.clusters[0]).toEqual({
        platform: 'shop', cluster: 'east', added: 0, changed: 3, labelOnly: 4, removed: 0, renamed: 0,
        before: { podsAtFloor: 3, podsAtCeiling: 12, coresAtFloor: 1.5, coresAtCeiling: 6, memoryAtFloor: 1.5 * gib, memoryAtCeiling: 6 * gib },
        after: { podsAtFloor: 3, podsAtCeiling: 20, coresAtFloor: 1.5, coresAtCeiling: 10, memoryAtFloor: 1.5 * gib, memoryAtCeiling: 10 * gib },
      });
      expect(review.noise).toEqual([{ label: 'app.kubernetes.io/version', before: '1.4.2', after: '1.5.0', objects: 12, labelOnly: 8 }]);
      expect([review.flags, review.renames]).toEqual([[], []]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('refuses --head with --spec as a usage error', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'build/main.js'), 'plan', '--head', 'dist', '--spec', 'x.yaml'], { cwd: repo, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('error: --head compares two rendered folders; it takes --platform, not --spec\n');
  });
});
