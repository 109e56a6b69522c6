/**
 * `simulate` as a user runs it: its own strict flags, errors as `error: --flag: message`
 * (exit 2, no stack), JSON for machines, and a chart whose bytes never change.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulate } from '../../src/cli/simulate';
import { shopPlatform } from '../support/fixtures';

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = runSimulate(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

let work: string;
beforeAll(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-simulate-')); });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('input validation', () => {
  const cases: [string[], string][] = [
    [['--service', 'api', '--load', '0:1', '--min', '10', '--max', '5'], 'error: --min: minReplicas 10 is above maxReplicas 5\n'],
    [['--service', 'api', '--load', '0:1', '--duration', '5x'], "error: --duration: '5x' is not a duration (e.g. 90, 90s, 5m, 1h30m)\n"],
    [['--service', 'api', '--load', '60:1,0:5'], 'error: --load: step: times must increase; 0s follows 60s\n'],
    [['--service', 'api', '--load', 'ramp:from=1,to=2,start=0'], 'error: --load: ramp: missing over=\n'],
    [['--service', 'api', '--load', 'sine:1'], "error: --load: unknown profile 'sine' (step, ramp, diurnal, or --load-csv FILE)\n"],
    [['--service', 'api', '--load', '0:1', '--load', '0:2'], "error: option '--load' is given more than once\n"],
    [['--service', 'api', '--load', '0:1', '--bogus', '1'], 'error: --bogus: unknown option (see simulate --help)\n'],
    [['--service', 'api', '--load'], "error: --load: needs a value\n"],
    [['--service', 'api', 'extra'], 'error: unexpected argument extra (flags only; see simulate --help)\n'],
    [['--load', '0:1'], 'error: --service: the autoscaled service to simulate is required\n'],
    [['--service', 'nope', '--load', '0:1'], "error: --service: no autoscaled service 'nope' in hyperscale/apac\n"],
    [['--service', 'api', '--load', '0:1', '--boot', '2m'], "error: --boot: a 120s boot exceeds the startup probe's budget of 58s (initialDelaySeconds + periodSeconds × (failureThreshold − 1)); the kubelet would restart the container\n"],
    [['--service', 'api', '--load', '0:1', '--format', 'yaml'], "error: --format: 'yaml' is neither text nor json\n"],
    [['--service', 'api', '--load', '0:1', '--node-delay', '1m'], 'error: --node-delay: needs --node-spare-cores (how much fits before a node is needed)\n'],
  ];
  it.each(cases)('%j', (args, message) => {
    const result = run(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('reads a CSV profile and rejects unordered rows with the row named', () => {
    const good = path.join(work, 'good.csv');
    fs.writeFileSync(good, 'time,load\n0,33300\n1m,33300\n2m,99900\n');
    expect(run(['--service', 'api', '--load-csv', good, '--duration', '3m']).code).toBe(0);
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, 'time,load\n0,1\n2m,2\n1m,3\n');
    expect(run(['--service', 'api', '--load-csv', bad]).stderr).toBe(`error: --load-csv: ${bad}: times must increase; 60s follows 120s\n`);
  });

  it('--help prints the usage and exits 0', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['usage: platform-compiler simulate [options]', '', '  platform-compiler simulate --service NAME (--load PROFILE | --load-csv FILE) [options]']);
  });
});

describe('the hyperscale api on a 10× step (seed 000)', () => {
  // 100 pods at 333 req/s each (33,300 req/s), then 333,334 req/s from 60 s.
  // A pod saturates at its 2-core limit: 2 / (2 × 0.70 / 333) = 475.7 req/s, i.e. 100 % CPU.
  // 75 s: the 30 s up-window still holds the 60 s recommendation (sample (45,60] saw 1 s of spike:
  //       (14 × 333 + 475.7) / 15 = 342.5 req/s → 1.03 → within tolerance → 100) → stay.
  // 90 s: both recommendations in (60,90] are ceil(100 / 70 × 100) = ceil(142.86) = 143 → 143 (+50 % would allow 150).
  // The 43 new pods are ready 60 s after they start (startup 2 s × 29 = 58 s, readiness at 60 s), are
  // ignored for CPU and report 0 req/s until then, so nothing moves until 180 s: ceil(1.4286 × 143) = 205.
  const args = ['--service', 'api', '--load', '0:33300,60:333334', '--duration', '20m', '--format', 'json'];

  it('prints every change, the need at the peak and when ready pods catch up', () => {
    const result = run(args);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.changes.map((c: { atSeconds: number; to: number }) => [c.atSeconds, c.to])).toEqual([
      [90, 143], [180, 205], [270, 293], [360, 419], [450, 599], [540, 856], [630, 1002],
    ]);
    expect(report.summary).toEqual({
      peakLoad: 333334, peakNeeded: 1002, maxReplicas: 5000, shortfallAtPeak: 0, loadPerPodAtTarget: 333,
      podCapacity: 475.714, readyCoversNeedFromSeconds: 690, unservedUnitSeconds: 104690031,
    });
  });

  it('the optimistic model reaches 1002 pods at 3m45s, 6m45s earlier', () => {
    const report = JSON.parse(run([...args, '--model', 'optimistic']).stdout);
    expect(report.changes.map((c: { atSeconds: number; to: number }) => [c.atSeconds, c.to])).toEqual([
      [75, 150], [105, 225], [135, 338], [165, 507], [195, 761], [225, 1002],
    ]);
  });

  it('reports a shortfall when maxReplicas cannot carry the peak', () => {
    const result = run(['--service', 'api', '--load', '0:33300,60:333334', '--max', '800', '--duration', '5m']);
    expect(result.stdout).toContain('peak: 333334 req/s needs 1002 pods at the target; maxReplicas 800 is 202 short\n');
  });

  it('writes the same SVG bytes every run, and docs/simulate-spike.svg is that chart', () => {
    const a = path.join(work, 'a.svg');
    const b = path.join(work, 'b.svg');
    run([...args, '--svg', a]);
    run([...args, '--svg', b]);
    const svg = fs.readFileSync(a, 'utf8');
    expect(svg).toBe(fs.readFileSync(b, 'utf8'));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="320"')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(5);
    expect(fs.readFileSync(path.join(__dirname, '../../docs/simulate-spike.svg'), 'utf8')).toBe(svg);
  });
});

describe('a spec file: shop/east web, load in pods of load at the 70 % CPU target', () => {
  // web: 500m request, 1-core limit → a saturated pod reports 200 % and serves 1 / (0.5 × 0.7) = 2.857 pods' worth.
  // Probes: startup 2 s × 29 = 58 s, readiness every 5 s → ready 60 s after start.
  // 15 s: 12 / 3 = 4 units a pod, capped at 2.857 → 1000m = 200 % → 2.857 → ceil(8.57) = 9; +50 % → 5, +5 pods → 8.
  // 30–75 s: 3 counted at 200 %, 5 ignored → 3000m / 4000m = 75 % → 1.07 → within tolerance → 8.
  const spec = () => {
    const file = path.join(work, 'shop.json');
    fs.writeFileSync(file, JSON.stringify(shopPlatform()));
    return file;
  };
  const args = () => ['--spec', spec(), '--service', 'web', '--load', '0:3,1:12', '--duration', '6m', '--format', 'json'];

  it('all new pods fit: 12 ready from 150 s', () => {
    // 90 s: the 5 pods ready at 75 are counted from the 90 s sample: 12 / 8 × 0.35 = 525m → 105 % → 1.5 → 12.
    const report = JSON.parse(run(args()).stdout);
    expect(report.changes.map((c: { atSeconds: number; from: number; to: number }) => [c.atSeconds, c.from, c.to])).toEqual([[15, 3, 8], [90, 8, 12]]);
    expect(report.summary.readyCoversNeedFromSeconds).toBe(150);
  });

  it('one spare core, 2-minute nodes: the same decisions, 12 ready only from 270 s', () => {
    // 15 s: 1 spare core holds 2 of the 5 new pods (ready 75 s); 3 wait for a node until 135 s (ready 195 s).
    // 90 s: 5 ready pods at 12 / 5 × 0.35 = 840m → 168 % → 2.4; rebalanced with 3 pending at 0:
    //       4200m / 4000m = 105 % → 1.5 → ceil(12) = 12. All 4 new pods wait: start 210 s, ready 270 s.
    const report = JSON.parse(run([...args(), '--node-spare-cores', '1', '--node-delay', '2m']).stdout);
    expect(report.changes.map((c: { atSeconds: number; from: number; to: number }) => [c.atSeconds, c.from, c.to])).toEqual([[15, 3, 8], [90, 8, 12]]);
    const at = (t: number) => report.syncs.find((s: { atSeconds: number }) => s.atSeconds === t);
    expect([at(90).ready, at(90).pending, at(135).pending, at(255).ready]).toEqual([5, 3, 4, 8]);
    expect(report.summary.readyCoversNeedFromSeconds).toBe(270);
  });

  it('an invalid spec is reported by path and rule, exit 1, nothing simulated', () => {
    const file = path.join(work, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(shopPlatform({}, { autoscaling: { minReplicas: 12, maxReplicas: 3, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } })));
    expect(run(['--spec', file, '--service', 'web', '--load', '0:3'])).toEqual({
      code: 1, stdout: '',
      stderr: 'error: shop.namespaces.store.services.web.autoscaling: minReplicas (12) > maxReplicas (3) [min-max-replicas]\n1 spec error(s); nothing simulated\n',
    });
  });
});
