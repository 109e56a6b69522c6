/**
 * The vendored CRDs are exactly the pinned upstream files: `sha256sum -c` over crds/SHA256SUMS, and
 * no YAML file in crds/ escapes the list (an unlisted file would be unverified).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const CRDS = path.resolve(__dirname, '../../crds');

function yamlFiles(dir: string, prefix = '.'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return yamlFiles(path.join(dir, entry.name), rel);
    return entry.name.endsWith('.yaml') ? [rel] : [];
  });
}

describe('vendored CRDs (crds/)', () => {
  const listed = fs.readFileSync(path.join(CRDS, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.split(/\s+/)[1]);

  it('every file matches SHA256SUMS (sha256sum -c --strict)', () => {
    const out = execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: CRDS, encoding: 'utf8' });
    const ok = out.trim().split('\n').filter((line) => line.endsWith(': OK'));
    expect(ok).toHaveLength(30);
  });

  it('lists every YAML file in crds/, and only those', () => {
    expect([...listed].sort()).toEqual(yamlFiles(CRDS).sort());
  });

  it('cdk8s.yaml imports every vendored file from crds/, each under its own NAME:= prefix', () => {
    const imports = fs.readFileSync(path.resolve(CRDS, '../cdk8s.yaml'), 'utf8').split('\n')
      .map((line) => /^ {2}- ([a-z0-9-]+):=crds\/(.+)$/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
    expect(imports.map((m) => `./${m[2]}`).sort()).toEqual([...listed].sort());
    expect(new Set(imports.map((m) => m[1])).size).toBe(imports.length);
  });
});
