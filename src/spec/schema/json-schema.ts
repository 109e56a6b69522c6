/**
 * The published JSON Schema of the platform spec (schema/platform.schema.json), generated from
 * the same zod schema the compiler checks specs with, so editors validate what synth validates.
 */
import { z } from 'zod';
import { platformSchema } from './core';

export const JSON_SCHEMA_FILE = 'schema/platform.schema.json';

/**
 * The schema as committed: draft-07 (what yaml-language-server and most editors read), with
 * every part inline (readable in an editor's hover), printed with two-space indent and a final newline. zod
 * emits keys in declaration order, so the bytes depend only on the schema source.
 */
export function platformJsonSchemaText(): string {
  const schema = z.toJSONSchema(platformSchema, { target: 'draft-7', io: 'input' });
  const published = { $id: 'platform.schema.json', title: 'platform-compiler platform spec', ...schema };
  return `${JSON.stringify(published, null, 2)}\n`;
}
