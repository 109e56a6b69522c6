/**
 * Schema checks for tests: a thin layer over the render schema gate (src/render/schema-gate.ts),
 * so every test checks objects exactly as synth's gate does.
 */
import { checkRenderedObjects, formatFinding, renderedObjectsOf } from '../../src/render/schema-gate';

export { checkRenderedObjects, formatFinding };

/** Schema findings of one object as `Kind/name: path: message` lines; an empty list means valid. */
export function schemaErrors(object: unknown): string[] {
  return checkRenderedObjects([{ file: '-', object }]).map((f) => `${f.kind}/${f.name || '?'}: ${f.path}: ${f.message}${f.rule ? ` [rule: ${f.rule}]` : ''}`);
}

/** Every object of every rendered YAML file, with the file it came from. */
export function loadRenderedObjects(tree: Map<string, string>): { file: string; object: { apiVersion: string; kind: string; metadata?: { name?: string } } }[] {
  return renderedObjectsOf(tree) as { file: string; object: { apiVersion: string; kind: string; metadata?: { name?: string } } }[];
}
