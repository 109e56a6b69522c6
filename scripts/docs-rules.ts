// Writes docs/rules.md from the rule catalogue (`npm run docs:rules`); `--check` only reports
// whether the committed file is current (exit 1 when stale), for CI.
import * as fs from 'fs';
import * as path from 'path';
import { RULES_DOC_PATH, renderRulesDoc } from '../src/spec/rules/catalogue-docs';

const file = path.resolve(__dirname, '..', RULES_DOC_PATH);
const text = renderRulesDoc();
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(`${RULES_DOC_PATH} is stale: run npm run docs:rules\n`);
    process.exitCode = 1;
  }
} else if (current !== text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stdout.write(`docs:rules: wrote ${RULES_DOC_PATH}\n`);
} else {
  process.stdout.write(`docs:rules: ${RULES_DOC_PATH} is current\n`);
}
