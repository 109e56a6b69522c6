/** The render's YAML writer gives js-yaml's bytes: on every committed document and on generated values. */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import fc from 'fast-check';
import { DUMP_OPTIONS, dumpYaml } from '../../src/render/yaml-emit';

const DIST = path.join(__dirname, '../../dist');
const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('dumpYaml', () => {
  it('writes every committed document as js-yaml does', () => {
    let documents = 0;
    let literals = 0;
    for (const file of walk(DIST).filter((f) => f.endsWith('.yaml'))) {
      for (const object of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
        if (object === null) continue;
        documents++;
        const text = dumpYaml(object);
        if (text.includes(': |')) literals++;
        expect(text).toBe(yaml.dump(object, DUMP_OPTIONS));
      }
    }
    expect(documents).toBeGreaterThan(1500);
    // The render's scripts and configuration files are block literals at several depths.
    expect(literals).toBeGreaterThan(30);
  });

  it('agrees with js-yaml on any JSON value', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '\t', '"', "'", '\\', '\u0085', '\ufeff', '1', '.') }),
      fc.constantFrom('', 'true', 'False', 'yes', 'Off', 'y', '~', 'null', '0x1F', '0o17', '1_000', '.inf', '-.5', '1e3', '500m', '2Gi', '2001-12-14', '1:30',
        'a\nb\n', 'a\n\n', '\n', '\n\n', ' x\ny', '\n x', 'x\n ', 'x ', '"q"', "'s'", 'é', '\t', '- x', 'a #b', 'http://x:80', '<<', '=', '? x', 'a\tb\nc'));
    const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(-0, 1e21, 2 ** 53, 0.1, -1e-7), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.constant(undefined), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(dumpYaml(v)).toBe(yaml.dump(v, DUMP_OPTIONS));
    }), { numRuns: 5000, seed: 10 });
  });

  it('leaves what is not plain data to js-yaml', () => {
    for (const v of [{ at: new Date(0) }, { ['k'.repeat(1100)]: 1 }, { 'a\nb': 1 }]) expect(dumpYaml(v)).toBe(yaml.dump(v, DUMP_OPTIONS));
    expect(() => dumpYaml({ f: () => 1 })).toThrow(/unacceptable kind/);
  });
});
