// Writes schema/platform.schema.json from the spec schema (`npm run schema`); a jest test
// fails when the committed file differs from what this writes.
import * as fs from 'fs';
import * as path from 'path';
import { JSON_SCHEMA_FILE, platformJsonSchemaText } from '../src/spec/schema/json-schema';

const file = path.resolve(__dirname, '..', JSON_SCHEMA_FILE);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, platformJsonSchemaText());
process.stdout.write(`schema: wrote ${path.relative(process.cwd(), file)}\n`);
