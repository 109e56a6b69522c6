/**
 * Derived names and labels are checked where the model derives them and reported at the spec
 * path that produces them: the API server would reject each of these at apply time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runCli } from '../../src/cli/main';
import { checkDerivedName, isDns1123Subdomain } from '../../src/model/identity';
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, celeryAsync, queue, writeBack } from '../support/async-fixtures';
import { shopPlatform, webService } from '../support/fixtures';

/** `shop-` + 59 characters: a 64-character app.kubernetes.io/instance from a valid 59-character service name. */
const LONG_SERVICE = `w${'e'.repeat(57)}b`;

describe('derived-label: app.kubernetes.io/instance', () => {
  it('reports a 64-character instance at the service that produces it', () => {
    expect(LONG_SERVICE).toHaveLength(59);
    const platform = shopPlatform({ namespaces: { store: { services: { [LONG_SERVICE]: webService() } } } });
    expect(validatePlatform(platform)).toEqual([{
      path: `shop.namespaces.store.services.${LONG_SERVICE}`,
      rule: 'derived-label',
      message: `the derived label app.kubernetes.io/instance='shop-${LONG_SERVICE}' (64 characters) is not a label value (at most 63 characters of `
        + "a-z, A-Z, 0-9, '-', '_', '.', beginning and ending alphanumeric); shorten the name or value that produces it",
    }]);
  });

  it('accepts exactly 63 characters', () => {
    const name = LONG_SERVICE.slice(1);
    expect(validatePlatform(shopPlatform({ namespaces: { store: { services: { [name]: webService() } } } }))).toEqual([]);
  });

  it('reports a queue whose worker instance is too long at the queue', () => {
    const key = `q${'x'.repeat(44)}`; // worker-<key> is 52, shop-worker-<key> is 57: fine
    expect(validatePlatform(asyncPlatform(celeryAsync({ queues: { [key]: queue() } })))).toEqual([]);
    const long = `q${'x'.repeat(51)}`; // shop-worker-<long> is 64
    const issues = validatePlatform(asyncPlatform(celeryAsync({ queues: { [long]: queue() } })));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[`shop.namespaces.store.async.queues.${long}`, 'derived-label']]);
  });

  it('reports a broker whose TriggerAuthentication name label is too long at the broker', () => {
    const broker = `r${'e'.repeat(58)}`; // keda-<broker> is 64
    const spec = writeBack();
    const async = { ...spec, brokers: { [broker]: spec.brokers.redis }, batchWriters: { 'order-writer': { ...spec.batchWriters!['order-writer'], broker } } };
    const issues = validatePlatform(asyncPlatform(async));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[`shop.namespaces.store.async.brokers.${broker}`, 'derived-label']]);
    expect(issues[0].message).toContain(`app.kubernetes.io/name='keda-${broker}' (64 characters)`);
  });
});

describe('derived-label: version, component, part-of', () => {
  it('reports a version label from an image tag at the image (the region override that sets it)', () => {
    const platform = shopPlatform({
      regions: { east: { zones: ['east-a'] }, west: { zones: ['west-a'], services: { web: { image: 'registry.internal/shop/web:1.5.0_' } } } },
    });
    const issues = validatePlatform(platform);
    expect(issues.map((i) => [i.path, i.rule])).toEqual([['shop.regions.west.services.web.image', 'derived-label']]);
    expect(issues[0].message).toContain("app.kubernetes.io/version='1.5.0_'");
  });

  it('reports a component that is no label value at the component field', () => {
    const issues = validatePlatform(shopPlatform({}, { component: 'web api' }));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([['shop.namespaces.store.services.web.component', 'derived-label']]);
  });

  it('reports partOf at partOf', () => {
    const issues = validatePlatform(shopPlatform({ partOf: `${'p'.repeat(64)}` }));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([['shop.partOf', 'derived-label']]);
  });

  it('does not report values derived from a name that already broke its own rule', () => {
    const issues = validatePlatform(shopPlatform({ namespaces: { store: { services: { '9web': webService() } } } }));
    expect(issues.map((i) => i.rule)).toEqual(['dns-1123-name']);
  });
});

describe('derived-name: object names by kind', () => {
  const seen: { path: string; rule: string; message: string }[] = [];
  const out = { report: (p: string, rule: string, message: string) => seen.push({ path: p, rule, message }) };

  it('checks DNS-1035 (Service), DNS-1123 label (container) and subdomain syntax', () => {
    expect(checkDerivedName('web', 'dns-1035-label', 'Service', 'x', out)).toBe(true);
    expect(checkDerivedName('9web', 'dns-1035-label', 'Service', 'shop.x', out)).toBe(false);
    expect(checkDerivedName('a'.repeat(64), 'dns-1123-label', 'container', 'shop.y', out)).toBe(false);
    expect(checkDerivedName('a.b', 'dns-1123-subdomain', 'ConfigMap', 'z', out)).toBe(true);
    expect(isDns1123Subdomain('a'.repeat(254))).toBe(false);
    expect(seen.map((s) => [s.path, s.rule])).toEqual([['shop.x', 'derived-name'], ['shop.y', 'derived-name']]);
    expect(seen[0].message).toBe("the derived Service name '9web' (4 characters) is not a DNS-1035 label (a lowercase letter first, then a-z, 0-9, '-', at most 63 characters); shorten or rename the spec key that produces it");
  });
});

describe('the CLI on a derived label that is too long', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-derived-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 1 naming the path and the rule, writes nothing, prints no stack', () => {
    const spec = path.join(dir, 'shop.yaml');
    fs.writeFileSync(spec, yaml.dump(shopPlatform({ namespaces: { store: { services: { [LONG_SERVICE]: webService() } } } })));
    const out = path.join(dir, 'out');
    const stderr: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { stderr.push(String(chunk)); return true; });
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = runCli(['synth', '--spec', spec, '--out', out]);
    } finally {
      write.mockRestore();
      stdout.mockRestore();
    }
    expect(code).toBe(1);
    const text = stderr.join('');
    expect(text).toContain(`error: shop.namespaces.store.services.${LONG_SERVICE}: the derived label app.kubernetes.io/instance='shop-${LONG_SERVICE}' (64 characters)`);
    expect(text).toMatch(/\[derived-label\]\n/);
    expect(text).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
  });
});
