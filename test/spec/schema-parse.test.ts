/**
 * The runtime check of the spec schema (parsePlatformSpec), one class of bad input at a time:
 * each asserts the exact path, rule and message, and that validatePlatform reports it too.
 */
import { PLATFORMS } from '../../platforms';
import { formatIssue } from '../../src/spec/errors';
import { parsePlatformSpec } from '../../src/spec/schema';
import { closestWord } from '../../src/spec/schema/suggest';
import { validatePlatform } from '../../src/spec/validate';
import { shopPlatform } from '../support/fixtures';
import { meshShop, untyped } from '../support/mesh-fixtures';

const WEB = 'shop.namespaces.store.services.web';

/** The shop fixture as a JSON/YAML loader would hand it over, edited. */
function shop(edit: (spec: any) => void, base: unknown = shopPlatform()): any {
  const spec = untyped(base);
  edit(spec);
  return spec;
}

const issuesOf = (spec: unknown) => parsePlatformSpec(spec).issues;

describe('parsePlatformSpec', () => {
  it('accepts every reference platform as it is, returning the input unchanged', () => {
    for (const platform of PLATFORMS) expect(parsePlatformSpec(platform)).toEqual({ spec: platform, issues: [] });
  });

  it('schema-unknown-key: three and more levels deep, with the nearest known key', () => {
    const spec = shop((s) => { s.namespaces.store.services.web.probes.readiness.periodSecond = 3; });
    expect(issuesOf(spec)).toEqual([{
      path: `${WEB}.probes.readiness.periodSecond`, rule: 'schema-unknown-key',
      message: "unknown key 'periodSecond' (did you mean 'periodSeconds'?); allowed: path, periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds",
    }]);
    expect(validatePlatform(spec).map(formatIssue)).toEqual([
      `${WEB}.probes.readiness.periodSecond: unknown key 'periodSecond' (did you mean 'periodSeconds'?); allowed: path, periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds [schema-unknown-key]`,
    ]);
  });

  it('schema-unknown-key: a misspelt PDB field no longer renders a PDB without a budget', () => {
    expect(issuesOf(shop((s) => { s.namespaces.store.services.web.disruption = { maxUnavailible: 1 }; }))).toEqual([{
      path: `${WEB}.disruption.maxUnavailible`, rule: 'schema-unknown-key',
      message: "unknown key 'maxUnavailible' (did you mean 'maxUnavailable'?); allowed: maxUnavailable, minAvailable",
    }]);
  });

  it.each([
    ['service', (s: any) => { s.namespaces.store.services.web = null; }, `${WEB}`],
    ['namespace', (s: any) => { s.namespaces.store = null; }, 'shop.namespaces.store'],
    ['node pool', (s: any) => { s.nodePools.general = null; }, 'shop.nodePools.general'],
    ['region', (s: any) => { s.regions.east = null; }, 'shop.regions.east'],
  ])('schema-type: a null %s is named at its path', (_kind, edit, path) => {
    const spec = shop(edit);
    expect(issuesOf(spec)).toEqual([{ path, rule: 'schema-type', message: 'must be an object, not null' }]);
    expect(() => validatePlatform(spec)).not.toThrow();
  });

  it('schema-type: zones given as an object, a command given as a string', () => {
    const spec = shop((s) => {
      s.regions.east.zones = { a: 'east-a' };
      s.namespaces.store.services.web.command = 'gunicorn app:wsgi';
    });
    expect(issuesOf(spec)).toEqual([
      { path: `${WEB}.command`, rule: 'schema-type', message: 'must be a list, not a string ("gunicorn app:wsgi")' },
      { path: 'shop.regions.east.zones', rule: 'schema-type', message: 'must be a list, not an object' },
    ]);
  });

  it('schema-type: env values are strings only; schema-required: secretEnv needs secret and key', () => {
    const spec = shop((s) => {
      s.namespaces.store.services.web.env = { WORKERS: 4, MODE: 'prod' };
      s.namespaces.store.services.web.secretEnv = { DB_PASSWORD: { secret: 'db' } };
    });
    expect(issuesOf(spec)).toEqual([
      { path: `${WEB}.env.WORKERS`, rule: 'schema-type', message: 'must be a string, not a number (4)' },
      { path: `${WEB}.secretEnv.DB_PASSWORD.key`, rule: 'schema-required', message: 'required field is missing (a string)' },
    ]);
  });

  it('schema-int32: maxReplicas 2^31 overflows int32; schema-range: a port outside 1–65535', () => {
    const spec = shop((s) => {
      s.namespaces.store.services.web.autoscaling.maxReplicas = 2 ** 31;
      s.namespaces.store.services.web.port = 65536;
    });
    expect(issuesOf(spec)).toEqual([
      { path: `${WEB}.autoscaling.maxReplicas`, rule: 'schema-int32', message: '2147483648 is outside int32 (-2147483648…2147483647); Kubernetes stores this field as a 32-bit integer' },
      { path: `${WEB}.port`, rule: 'schema-range', message: '65536 is out of range: must be ≤ 65535' },
    ]);
  });

  it('schema-finite: Infinity and NaN; schema-integer: a decimal replica count', () => {
    const spec = shop((s) => {
      s.namespaces.store.services.web.autoscaling.requestsPerSecondPerPod = Infinity;
      s.namespaces.store.services.web.autoscaling.peakRequestsPerSecond = NaN;
      s.namespaces.store.services.web.autoscaling.minReplicas = 2.5;
    });
    expect(issuesOf(spec)).toEqual([
      { path: `${WEB}.autoscaling.minReplicas`, rule: 'schema-integer', message: 'must be an integer, not 2.5' },
      { path: `${WEB}.autoscaling.peakRequestsPerSecond`, rule: 'schema-finite', message: 'must be a finite number, not NaN' },
      { path: `${WEB}.autoscaling.requestsPerSecondPerPod`, rule: 'schema-finite', message: 'must be a finite number, not Infinity' },
    ]);
  });

  it('schema-required: missing top-level fields, with "platform" as the path when the name is missing', () => {
    expect(issuesOf({ name: 'shop' }).map(formatIssue)).toEqual([
      "shop.gitops: required field is missing (an object): Argo CD delivers every cluster from Git: add gitops: { repoURL: 'https://…/your-gitops-repo.git' } (the repository dist/ is committed to) [schema-required]",
      'shop.namespaces: required field is missing (a map) [schema-required]',
      'shop.nodePools: required field is missing (a map) [schema-required]',
      'shop.regions: required field is missing (a map) [schema-required]',
    ]);
    expect(issuesOf({ nodePools: {}, regions: {}, namespaces: {}, gitops: { repoURL: 'https://git.example.com/x.git' } })).toEqual([
      { path: 'platform.name', rule: 'schema-required', message: 'required field is missing (a string)' },
    ]);
    expect(issuesOf(null)).toEqual([{ path: 'platform', rule: 'schema-type', message: 'must be an object, not null' }]);
  });

  it('schema-enum: a value outside a fixed set, with the nearest allowed one', () => {
    expect(issuesOf(shop((s) => { s.nodePools.compute.taint.effect = 'NoSchedul'; }))).toEqual([{
      path: 'shop.nodePools.compute.taint.effect', rule: 'schema-enum',
      message: `"NoSchedul" is not one of NoSchedule, PreferNoSchedule, NoExecute (did you mean 'NoSchedule'?)`,
    }]);
  });

  it('a union reports the branch the value was meant for (an inline behavior, a discriminated auth policy)', () => {
    const spec = shop((s) => {
      s.namespaces.store.services.web.autoscaling.behavior = { scaleUp: 3 };
      s.mesh.edge.auth['api-keys'] = { type: 'key_auth' };
    }, meshShop());
    expect(issuesOf(spec)).toEqual([
      { path: 'shop.mesh.edge.auth.api-keys.type', rule: 'schema-enum', message: `"key_auth" is not one of jwt, key-auth (did you mean 'key-auth'?)` },
      { path: `${WEB}.autoscaling.behavior.scaleDown`, rule: 'schema-required', message: 'required field is missing (an object)' },
      { path: `${WEB}.autoscaling.behavior.scaleUp`, rule: 'schema-type', message: 'must be an object, not a number (3)' },
    ]);
    expect(issuesOf(shop((s) => { s.namespaces.store.services.web.autoscaling.behavior = 7; }))).toEqual([
      { path: `${WEB}.autoscaling.behavior`, rule: 'schema-type', message: 'must be a string or an object, not a number (7)' },
    ]);
  });

  it('reports every problem at once, sorted by path, and runs no semantic rule on a malformed spec', () => {
    const spec = shop((s) => {
      s.namespaces.store.services.web.image = 'web:latest'; // a semantic error: not reported until the shape is valid
      s.namespaces.store.services.web.shutdown.preStopSleepSecond = 5;
      s.regions.west.zones = 'west-a';
      s.nodePools.general.nodeLabels.pool = 1;
    });
    expect(validatePlatform(spec).map((i) => `${i.path} [${i.rule}]`)).toEqual([
      'shop.namespaces.store.services.web.shutdown.preStopSleepSecond [schema-unknown-key]',
      'shop.nodePools.general.nodeLabels.pool [schema-type]',
      'shop.regions.west.zones [schema-type]',
    ]);
  });
});

describe('prototype names: rejected as map keys everywhere, never resolved as references', () => {
  const reserved = (path: string, key: string) => ({
    path, rule: 'schema-reserved-name',
    message: `'${key}' is reserved: every JavaScript object has a member of that name, so it cannot name a map entry; choose another name`,
  });

  it.each([
    ['a service', (s: any) => { s.namespaces.store.services.constructor = s.namespaces.store.services.web; delete s.namespaces.store.services.web; }, 'shop.namespaces.store.services.constructor', 'constructor'],
    ['a namespace', (s: any) => { s.namespaces.constructor = s.namespaces.store; delete s.namespaces.store; }, 'shop.namespaces.constructor', 'constructor'],
    ['a node pool', (s: any) => { s.nodePools.toString = s.nodePools.compute; delete s.nodePools.compute; }, 'shop.nodePools.toString', 'toString'],
    ['a region', (s: any) => { s.regions.valueOf = s.regions.west; delete s.regions.west; }, 'shop.regions.valueOf', 'valueOf'],
    ['a label', (s: any) => { s.namespaces.store.labels = { hasOwnProperty: 'x' }; }, 'shop.namespaces.store.labels.hasOwnProperty', 'hasOwnProperty'],
  ])('schema-reserved-name: %s', (_what, edit, path, key) => {
    const spec = shop(edit);
    expect(issuesOf(spec)).toEqual([reserved(path, key)]);
    expect(validatePlatform(spec)).toEqual([reserved(path, key)]);
  });

  it('schema-reserved-name: an own __proto__ key from JSON, in a map and in an object', () => {
    const spec = JSON.parse(JSON.stringify(shopPlatform()).replace('"general":', '"__proto__":{"nodeLabels":{}},"general":').replace('"name":"shop"', '"name":"shop","__proto__":{}'));
    expect(issuesOf(spec)).toEqual([reserved('shop.__proto__', '__proto__'), reserved('shop.nodePools.__proto__', '__proto__')]);
  });

  it('unknown-node-pool: nodePool toString is not an inherited member of nodePools', () => {
    expect(validatePlatform(shopPlatform({}, { nodePool: 'toString' }))).toEqual([{
      path: `${WEB}.nodePool`, rule: 'unknown-node-pool', message: "node pool 'toString' is not declared; known pools: compute, general",
    }]);
  });

  it('unknown-circuit-breaker: circuitBreaker constructor is not a built-in profile', () => {
    expect(validatePlatform(meshShop({ cart: { circuitBreaker: 'constructor' } }))).toEqual([{
      path: 'shop.namespaces.store.services.cart.mesh.circuitBreaker', rule: 'unknown-circuit-breaker',
      message: 'circuit breaker profile "constructor" is not defined; known profiles: opossum-seed-001, standard',
    }]);
  });

  it('behavior: a profile named constructor is unknown', () => {
    expect(validatePlatform(shopPlatform({}, { autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, behavior: 'constructor' } }))).toEqual([{
      path: `${WEB}.autoscaling.behavior`, rule: 'behavior',
      message: "unknown behavior profile 'constructor'; known: burst-then-settle, fast-up-gentle-down, hyperscale-api",
    }]);
  });
});

describe('closestWord', () => {
  it.each([
    ['periodSecond', ['path', 'periodSeconds'], 'periodSeconds'],
    ['MINREPLICAS', ['minReplicas', 'maxReplicas'], 'minReplicas'],
    ['retry', ['timeout', 'retries'], 'retries'],
    ['image', ['port', 'probes'], undefined],
    ['xyz', [], undefined],
  ])('%s among %j → %s', (word, candidates, expected) => {
    expect(closestWord(word, candidates)).toBe(expected);
  });
});
