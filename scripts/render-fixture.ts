/**
 * Writes the render of a test fixture platform to a folder, for `bash conformance/run.sh DIR`:
 * the Kafka kinds have no reference platform yet, so their objects meet the real apiserver this way.
 *   npx ts-node --transpile-only scripts/render-fixture.ts seed001-kafka OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderPlatforms } from '../src/compile';
import { seed001Platform, seed004Platform } from '../test/support/kafka-fixtures';

const FIXTURES = { 'seed001-kafka': seed001Platform, 'seed004-kafka': seed004Platform } as const;
const [name, out] = process.argv.slice(2);
const make = FIXTURES[name as keyof typeof FIXTURES];
if (!make || !out) {
  console.error(`usage: render-fixture.ts ${Object.keys(FIXTURES).join('|')} OUT_DIR`);
  process.exit(2);
}
for (const [path, text] of renderPlatforms([make()])) {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}
