import * as yaml from 'js-yaml';

/**
 * The YAML writer of every rendered document: the bytes of js-yaml's `dump(value, DUMP_OPTIONS)`
 * (block style, no anchors, no folding, double quotes), about five times faster on a render. It
 * walks the value as js-yaml's writeBlockMapping / writeBlockSequence do and asks js-yaml itself
 * how to write every scalar it cannot prove plain (memoised: a render repeats its strings), so
 * quoting and block-literal choices are js-yaml's own. A value js-yaml would treat otherwise
 * (a class instance, a Date, a function, a key over 1024 characters or with a line break) makes
 * the whole document go through js-yaml. test/render/yaml-emit.test.ts compares the two on every
 * committed document and on generated values.
 */
export const DUMP_OPTIONS: yaml.DumpOptions = { noRefs: true, lineWidth: -1, quotingType: '"' };

class NotPlainData extends Error {}

/** Strings js-yaml reads as null or a boolean (YAML 1.1's too, which it quotes for compatibility). */
const RESERVED = new Set([
  'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
]);

/**
 * Surely plain: starts with a letter (no number, timestamp, `.inf`, `~` or indicator can) and
 * holds only characters that are plain-safe anywhere; with the reserved words excluded above.
 */
const SURELY_PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/** js-yaml's own choice for a one-line string (the same at every level without line folding). */
const oneLine = new Map<string, string>();
/** Whether js-yaml writes a multi-line string as a `|` literal (else double-quoted, one line). */
const literal = new Map<string, boolean>();

function jsYamlScalar(value: unknown): string {
  return yaml.dump(value, DUMP_OPTIONS).slice(0, -1);
}

/** Indentation by nesting level, made once per level (asked for before every key and item). */
const indents: string[] = [];
function indentation(level: number): string {
  return indents[level] ?? (indents[level] = ' '.repeat(2 * level));
}

/** A string at `level`: js-yaml's writeScalar with inblock, never as a key. */
function stringScalar(s: string, level: number): string {
  if (SURELY_PLAIN.test(s) && !RESERVED.has(s)) return s;
  if (!s.includes('\n')) {
    let text = oneLine.get(s);
    if (text === undefined) oneLine.set(s, (text = jsYamlScalar(s)));
    return text;
  }
  let isLiteral = literal.get(s);
  if (isLiteral === undefined) {
    const text = jsYamlScalar(s);
    isLiteral = text.startsWith('|');
    literal.set(s, isLiteral);
    if (!isLiteral) oneLine.set(s, text);
  }
  if (!isLiteral) return oneLine.get(s) as string;
  return `|${blockHeader(s)}${dropEndingNewline(indentLines(s, indentation(Math.max(1, level))))}`;
}

/** js-yaml's blockHeader at indent 2: an indentation indicator for a leading blank, and chomping. */
function blockHeader(s: string): string {
  const indicator = /^\n* /.test(s) ? '2' : '';
  const clip = s.endsWith('\n');
  const keep = clip && (s[s.length - 2] === '\n' || s === '\n');
  return `${indicator}${keep ? '+' : clip ? '' : '-'}\n`;
}

function dropEndingNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

/** js-yaml's indentString: every line that is not empty gets the indentation. */
function indentLines(s: string, indent: string): string {
  let out = '';
  let position = 0;
  while (position < s.length) {
    const next = s.indexOf('\n', position);
    const line = next === -1 ? s.slice(position) : s.slice(position, next + 1);
    position = next === -1 ? s.length : next + 1;
    if (line.length && line !== '\n') out += indent;
    out += line;
  }
  return out;
}

function keyScalar(key: string): string {
  // A long or multi-line key is an explicit `? ` pair in js-yaml: leave those to it.
  if (key.length > 1000) throw new NotPlainData();
  if (SURELY_PLAIN.test(key) && !RESERVED.has(key)) return key;
  if (key.includes('\n')) throw new NotPlainData();
  let text = oneLine.get(key);
  if (text === undefined) oneLine.set(key, (text = jsYamlScalar(key)));
  return text;
}

function numberScalar(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0) && Math.abs(n) < 1e21) return String(n);
  return jsYamlScalar(n);
}

/** js-yaml's writeNode for block style: the text of `value`, or undefined to skip the pair. */
function node(value: unknown, level: number, compact: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return stringScalar(value, level);
    case 'number':
      return numberScalar(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? '[]' : sequence(value, level, compact);
      {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) throw new NotPlainData();
      }
      return mapping(value as Record<string, unknown>, level, compact);
    default:
      throw new NotPlainData();
  }
}

function mapping(object: Record<string, unknown>, level: number, compact: boolean): string {
  let out = '';
  const keys = Object.keys(object);
  for (const key of keys) {
    const text = node(object[key], level + 1, false);
    if (text === undefined) continue;
    if (!compact || out !== '') out += `\n${indentation(level)}`;
    out += keyScalar(key) + (text.charCodeAt(0) === 10 ? ':' : ': ') + text;
  }
  return out || '{}';
}

function sequence(items: readonly unknown[], level: number, compact: boolean): string {
  let out = '';
  for (const item of items) {
    const text = node(item, level + 1, true) ?? 'null';
    if (!compact || out !== '') out += `\n${indentation(level)}`;
    out += (text.charCodeAt(0) === 10 ? '-' : '- ') + text;
  }
  return out;
}

/** `yaml.dump(value, DUMP_OPTIONS)`, byte for byte. */
export function dumpYaml(value: unknown): string {
  try {
    const text = node(value, 0, true);
    return text === undefined ? '' : `${text}\n`;
  } catch (error) {
    if (!(error instanceof NotPlainData)) throw error;
    return yaml.dump(value, DUMP_OPTIONS);
  }
}
