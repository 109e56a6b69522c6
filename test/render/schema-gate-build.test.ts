import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

interface HoistingReport {
  kinds: number;
  objects: number;
  comparisons: number;
  invalidCompared: number;
  defaultsCompared: number;
  mismatches: { kind: string; name?: string; problems: string[] }[];
}

// The build hoists large subschemas into $defs and minifies each CRD module (scripts/build-schema-gate.mjs).
// That must not change a single verdict, error or default against ajv's compile of the plain schema.
describe('precompiled CRD modules judge as the plain schema does', () => {
  it('on every CRD object of dist/ and six mutated copies of each: same verdict, errors and defaults', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'test/support/schema-hoisting-check.mjs'), '6'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as HoistingReport;
    expect(report.mismatches).toEqual([]);
    // Not vacuous: the CRD kinds of dist/ (26 today), with invalid objects and written defaults among the comparisons.
    expect(report.kinds).toBeGreaterThan(20);
    expect(report.comparisons).toBe(report.objects * 7);
    expect(report.invalidCompared).toBeGreaterThan(1000);
    expect(report.defaultsCompared).toBeGreaterThan(500);
  }, 180_000);
});
