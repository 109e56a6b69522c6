/** The review's YAML reader gives exactly what js-yaml gives, or hands the document to js-yaml. */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import fc from 'fast-check';
import { UNSUPPORTED, parseDumpedDocument } from '../../src/review/fast-yaml';
import { compareTreeTexts, splitDocuments } from '../../src/review/tree-index';
import { DUMP_OPTIONS } from '../../src/render/yaml-emit';

const DIST = path.join(__dirname, '../../dist');
const load = (text: string) => yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

describe('parseDumpedDocument', () => {
  it('reads every document of the committed render as js-yaml does, none handed back', () => {
    let documents = 0;
    for (const file of walk(DIST).filter((f) => f.endsWith('.yaml'))) {
      const text = fs.readFileSync(file, 'utf8');
      const chunks = splitDocuments(text);
      // A chunk of the header comment alone reads as one empty document; the review skips those.
      expect(chunks.flatMap((chunk) => load(chunk)).filter((o) => o !== null)).toEqual(load(text));
      for (const chunk of chunks) {
        documents++;
        expect(parseDumpedDocument(chunk)).toStrictEqual(load(chunk));
      }
    }
    expect(documents).toBeGreaterThan(300);
  });

  it('agrees with js-yaml on any JSON value js-yaml dumps (or declines it)', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('name', 'true', 'null', '80', '1e3', '- x', 'a: b', '#c', ' lead', '~'));
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
      fc.constantFrom('', 'true', 'False', '~', '0x1F', '0o17', '1_000', '.inf', '-.5', '1e3', '500m', '2Gi', 'a\nb\n', 'a\n\n', ' x', 'x ', '"q"', "'s'", 'é', '\t', '- x', 'a #b', 'http://x:80'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    let read = 0;
    fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), (object) => {
      const chunk = `---\n${yaml.dump(object, DUMP_OPTIONS)}`;
      const fast = parseDumpedDocument(chunk);
      if (fast !== UNSUPPORTED) { read++; expect(fast).toStrictEqual(load(chunk)); }
    }), { numRuns: 3000, seed: 14 });
    // Declining is the exception, not the rule: most dumped values are read by the fast path.
    expect(read).toBeGreaterThan(2000);
  });

  it('declines what a dump never writes: comments, anchors, tags, flow collections, folded scalars', () => {
    for (const text of ['a: 1 # c', 'a: &x 1\nb: *x', 'a: !!str 1', 'a: {b: 1}', 'a: [1, 2]', 'a: >\n  folded', '? a\n: 1', 'a:\tb', 'a: 1\r\nb: 2']) {
      expect(parseDumpedDocument(`---\n${text}\n`)).toBe(UNSUPPORTED);
    }
  });
});

describe('compareTreeTexts', () => {
  const tree = (text: string) => new Map([['p/east/10-app.yaml', text]]);
  const doc = (name: string, replicas: number) => `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n`;

  it('parses for the diff only the documents whose text differs', () => {
    const trees = compareTreeTexts(tree(`# header\n${doc('a', 1)}${doc('b', 2)}`), tree(`# header\n${doc('a', 1)}${doc('b', 3)}`));
    expect([...trees.baseChanged.keys()]).toEqual(['p/east|apps/Deployment||b']);
    expect([...trees.nextChanged.values()].map((v) => (v.object as any).spec.replicas)).toEqual([3]);
    expect(trees.objectsOf('p/east', 'after', new Set(['Deployment'])).map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(trees.objectsOf('p/east', 'after', new Set(['Service']))).toEqual([]);
  });

  it('reports a malformed document as its whole file fails', () => {
    expect(() => compareTreeTexts(tree(doc('a', 1)), tree(`${doc('a', 1)}---\nkind: [\n`))).toThrow(/\(10:1\)/);
  });
});
