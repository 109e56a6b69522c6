/** plan --capacity: seed 000's "Scaling Math" and "Resource Requirements", from the spec and the render. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hyperscale } from '../../platforms/hyperscale';
import { renderPlatforms } from '../../src/compile';
import { CAPACITY_KINDS } from '../../src/review/capacity';
import { CapacityReport, PoolRow, capacityReport } from '../../src/review/capacity-plan';
import { compareTreeTexts } from '../../src/review/tree-index';
import { assertResolvedPlatform, validatePlatform } from '../../src/spec/validate';
import { PlatformSpec } from '../../src/spec/types';
import { shopPlatform } from '../support/fixtures';

const GiB = 2 ** 30;
const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'build/main.js');

function report(platform: PlatformSpec): CapacityReport {
  const tree = renderPlatforms([platform]);
  const trees = compareTreeTexts(tree, tree);
  return capacityReport(platform.name, assertResolvedPlatform(platform).model.capacityPlan!, (region) => trees.objectsOf(`${platform.name}/${region}`, 'after', CAPACITY_KINDS));
}
const pool = (rows: readonly PoolRow[], name: string) => rows.find((r) => r.pool === name)!;

/**
 * The shop fixture with a plan: 2,000 req/s over two regions at 100 req/s per pod is 10 pods per
 * region; west lowers the ceiling to 8 pods, which serve 800 of its 1,000 req/s.
 */
function shopWithPlan(): PlatformSpec {
  const base = shopPlatform();
  return {
    ...base,
    nodePools: { ...base.nodePools, general: { ...base.nodePools.general, capacityPerRegion: { cpu: '8', memory: '8Gi' } } },
    regions: {
      ...base.regions,
      west: { ...base.regions.west, services: { web: { autoscaling: { minReplicas: 3, maxReplicas: 8, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } } } },
    },
    capacity: {
      targetRequestsPerSecond: 2000, service: 'store/web', requestsPerPod: 100,
      overheadPerRegion: { cpu: '1', memory: '2Gi' },
      prices: { perCoreHour: 0.05, perGiBHour: 0.01 },
    },
  };
}

describe('seed 000 (hyperscale)', () => {
  const seed = report(hyperscale);
  const usEast = seed.regions.find((r) => r.region === 'us-east')!;

  it('Scaling Math: 1,000,000 req/s ÷ 3 regions = 333,333 per region; at 333 req/s per pod that needs 1,002 pods, not the seed\'s 1,000', () => {
    expect(seed.regions.map((r) => r.region)).toEqual(['apac', 'eu-west', 'us-east']);
    const s = usEast.scaling!;
    expect(Math.floor(s.requestsPerSecond)).toBe(333_333);
    expect(s.requestsPerPod).toBe(333);
    // The seed divides 333,333 by 1,000 pods and rounds the 333.33 down to 333; at exactly 333 per
    // pod 1,000 pods serve 333,000 req/s, 333 short, so the need is 333,333.33 ÷ 333 = 1,001.001 → 1,002.
    expect(Math.floor(333_333 / 1000)).toBe(333);
    expect(1000 * 333).toBe(333_000);
    expect(s.podsNeeded).toBe(1002);
    expect([s.minReplicas, s.maxReplicas, s.headroomPods, s.servedAtCeiling]).toEqual([100, 5000, 3998, 1_665_000]);
    expect(s.meetsTarget).toBe(true);
    expect(seed.flags).toEqual([]);
  });

  it('Resource Requirements: the budget is 2000 + 1000 + 400 + 600 = 4000 cores and about 7 TB (7,000 GiB) per region', () => {
    const budget = (name: string) => [pool(usEast.pools, name).budget!.cores, pool(usEast.pools, name).budget!.memory / GiB];
    expect(budget('compute-optimized')).toEqual([2000, 4000]);
    expect(budget('general-purpose')).toEqual([1000, 1000]);
    expect(budget('memory-optimized')).toEqual([400, 1600]);
    expect(budget('overhead')).toEqual([600, 400]);
    expect([usEast.total.budget!.cores, usEast.total.budget!.memory / GiB]).toEqual([4000, 7000]);
    expect([seed.total.budget!.cores, seed.total.budget!.memory / GiB]).toEqual([12_000, 21_000]);
  });

  it('what the render requests at the target, pool by pool, and where it differs from the seed', () => {
    const target = (name: string) => [pool(usEast.pools, name).target.pods, pool(usEast.pools, name).target.cores, pool(usEast.pools, name).target.memory / GiB];
    // Django: 1,002 × 2 CPU / 4 GiB (the seed's 1,000 × 2 = 2,000 cores, 4 TB).
    expect(target('compute-optimized')).toEqual([1002, 2004, 4008]);
    // Celery: the three queues' floors, 150 + 300 + 50 = 500 workers × 2 CPU / 2 GiB, and beat's 250m / 256Mi.
    expect(target('general-purpose')).toEqual([501, 1000.25, 1000.25]);
    // Redis: the seed's 16 shards × 2 replicas are 48 pods × 4 CPU / 16 GiB, plus each pod's exporter sidecar
    // (50m / 64Mi); its "100 × 4 CPU" is the pool (the budget above).
    const [redisPods, redisCores, redisMemory] = target('memory-optimized');
    expect(redisPods).toBe(48);
    expect(redisCores).toBeCloseTo(48 * 4.05, 9);
    expect(redisMemory).toBeCloseTo(48 * (16 + 64 / 1024), 9);
    expect(target('overhead')).toEqual([0, 600, 400]);
    expect(usEast.total.target.cores).toBeCloseTo(3796.25 + 48 * 0.05, 9);
    expect(usEast.total.target.memory / GiB).toBeCloseTo(6176.25 + 48 * (64 / 1024), 9);
    // At the floors and ceilings.
    expect([pool(usEast.pools, 'compute-optimized').floor.cores, pool(usEast.pools, 'compute-optimized').ceiling.cores]).toEqual([200, 10_000]);
  });

  it('a monthly cost from the unit prices: 730 h at $0.04048 per core-hour and $0.004445 per GiB-hour', () => {
    // (2000 × 0.04048 + 4000 × 0.004445) × 730 = 98.74 × 730
    expect(pool(usEast.pools, 'compute-optimized').budget!.cost).toBeCloseTo(72_080.2, 6);
    expect(usEast.total.budget!.cost).toBeCloseTo((4000 * 0.04048 + 7000 * 0.004445) * 730, 6);
    // The seed's "~$15,000-25,000/month" for 12,000 cores would be about $0.002 per core-hour: far under these prices.
    expect(seed.total.budget!.cost).toBeCloseTo(3 * (4000 * 0.04048 + 7000 * 0.004445) * 730, 6);
    expect(Math.round(seed.total.budget!.cost!)).toBe(422_747);
    expect(seed.currency).toBe('USD');
    expect(seed.hoursPerMonth).toBe(730);
  });
});

describe('a region that cannot meet its target', () => {
  const shop = report(shopWithPlan());

  it('is flagged, with the numbers', () => {
    expect(shop.flags).toEqual([{
      level: 'danger', rule: 'capacity-target', region: 'west',
      text: 'west cannot serve its 1,000 req/s even at maxReplicas: 8 pods × 100 req/s = 800 req/s; it needs 10 pods',
    }]);
    const [east, west] = shop.regions;
    expect([east.scaling!.podsNeeded, east.scaling!.headroomPods, east.scaling!.headroomPercent, east.scaling!.floorPercent]).toEqual([10, 2, 20, 30]);
    expect([west.scaling!.meetsTarget, west.scaling!.headroomPods]).toEqual([false, -2]);
  });

  it('reports pods, cores, memory and cost per pool at the floor, the target and the ceiling', () => {
    const east = shop.regions[0];
    const general = pool(east.pools, 'general');
    expect([general.floor, general.target, general.ceiling].map((p) => [p.pods, p.cores, p.memory / GiB, +p.cost!.toFixed(6)]))
      .toEqual([[3, 1.5, 1.5, 65.7], [10, 5, 5, 219], [12, 6, 6, 262.8]]);
    expect(+general.budget!.cost!.toFixed(6)).toBe(350.4);
    expect(pool(east.pools, 'overhead').floor.cost).toBeCloseTo(51.1, 6);
    // The compute pool has no budget and nothing on it: no row.
    expect(east.pools.map((p) => p.pool)).toEqual(['general', 'overhead']);
    // West's target is its ceiling-bound need (10 pods), as the plan wants it, not what it can run.
    expect(pool(shop.regions[1].pools, 'general').target.pods).toBe(10);
  });

  it('is a validate warning at the override that lowers the ceiling', () => {
    const issues = validatePlatform(shopWithPlan()).filter((i) => i.rule === 'capacity-target');
    expect(issues.map((i) => [i.path, i.message])).toEqual([[
      'shop.regions.west.services.web.autoscaling',
      'west must serve 1,000 req/s (2,000 ÷ 2 regions), which at 100 req/s per pod needs 10 pods, but maxReplicas is 8',
    ]]);
  });

  it('a plan naming no service is an error at its path', () => {
    const spec = shopWithPlan();
    const issues = validatePlatform({ ...spec, capacity: { ...spec.capacity!, service: 'store/nope' } }).filter((i) => i.rule === 'capacity-plan');
    expect(issues.map((i) => i.path)).toEqual(['shop.capacity.service']);
  });
});

describe('plan --capacity', () => {
  let work: string;
  let specFile: string;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-capacity-'));
    specFile = path.join(work, 'shop.json');
    fs.writeFileSync(specFile, JSON.stringify(shopWithPlan()));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [MAIN, 'plan', '--capacity', ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('text: the scaling math line by line and a table per region', () => {
    const { code, stdout } = cli(['--spec', specFile]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe("capacity: shop: 2,000 req/s across 2 region(s); cost at the spec's unit prices, 730 h a month");
    expect(lines[1]).toBe('!! DANGER: west cannot serve its 1,000 req/s even at maxReplicas: 8 pods × 100 req/s = 800 req/s; it needs 10 pods [capacity-target]');
    expect(lines).toContain('  1,000 req/s ÷ 100 req/s per pod = 10 pods of store/web needed');
    expect(lines).toContain('  floor 3 pods (30 % of the need), ceiling 12 pods serving 1,200 req/s: 2 pods of headroom (+20 %)');
    expect(lines).toContain('  floor 3 pods (30 % of the need), ceiling 8 pods serving 800 req/s: 2 pods short');
    expect(stdout).toMatch(/general +3 \/ 10 \/ 12 +1\.5 \/ 5 \/ 6 +1\.5 GiB \/ 5 GiB \/ 6 GiB +8, 8 GiB +66 USD \/ 219 USD \/ 263 USD +350 USD/);
  });

  it('json: the report as data; --fail-on exits 4 on the unmet target', () => {
    const { code, stdout } = cli(['--spec', specFile, '--format', 'json', '--fail-on', 'danger']);
    expect(code).toBe(4);
    const json = JSON.parse(stdout);
    expect(json.dangers).toBe(1);
    expect(json.platforms[0].regions[0].scaling).toEqual({
      service: 'store/web', requestsPerSecond: 1000, requestsPerPod: 100, podsNeeded: 10, minReplicas: 3, maxReplicas: 12,
      servedAtCeiling: 1200, headroomPods: 2, headroomPercent: 20, floorPercent: 30, meetsTarget: true,
    });
    expect(json.platforms[0].total.ceiling.pods).toBe(20);
  });

  it('markdown: a comment with its own marker, the flag first', () => {
    const { code, stdout } = cli(['--spec', specFile, '--format', 'markdown']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['<!-- platform-compiler:capacity -->', '### platform-compiler capacity']);
    expect(stdout).toContain('- 🛑 **danger** · `capacity-target` · west cannot serve its 1,000 req/s');
    expect(stdout).toContain('| general | 3 / 10 / 12 | 1.5 / 5 / 6 | 1.5 GiB / 5 GiB / 6 GiB | 8, 8 GiB | 66 USD / 219 USD / 263 USD | 350 USD |');
  });

  it('refuses --head and --base, and a platform without a plan', () => {
    expect(cli(['--head', 'dist']).code).toBe(2);
    const plain = path.join(work, 'plain.json');
    fs.writeFileSync(plain, JSON.stringify(shopPlatform()));
    const r = cli(['--spec', plain]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: platform 'shop' has no capacity plan; add capacity: { targetRequestsPerSecond, service } to its spec\n");
  });
});
