import * as yaml from 'js-yaml';

/**
 * A parser for the block-style YAML that js-yaml's `dump` writes (what `synth` renders), about twice
 * as fast as js-yaml's general parser on a render, whose parsing is most of a large review's time. It reads
 * block mappings and sequences, plain, single- and double-quoted one-line scalars, `|` literals
 * and the empty `{}` / `[]`, and resolves plain scalars as js-yaml's core schema does (it hands
 * anything that may be a number, null or boolean to js-yaml itself). On anything else (comments
 * inside a document, anchors, tags, flow collections, folded scalars, `?` keys, tabs, CR line ends…)
 * it returns UNSUPPORTED and the caller parses the document with js-yaml: a hand-edited tree is
 * read correctly, only slower. test/review/fast-yaml.test.ts checks it against js-yaml on every
 * rendered file and on generated values.
 */
export const UNSUPPORTED = Symbol('unsupported');

class Unsupported extends Error {}
const unsupported = (): never => { throw new Unsupported(); };

interface Line { indent: number; text: string }

const WORDS = new Map<string, unknown>([
  ['null', null], ['Null', null], ['NULL', null], ['~', null],
  ['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false],
]);
const resolved = new Map<string, unknown>();

/** Whether a character may start a plain scalar that is surely a string (a letter, `_`, `/`, or beyond ASCII). */
function plainStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 47 || c === 40 || c === 36 || c === 61 || c === 60 || c === 94 || c === 92 || c === 59 || c > 127;
}
/** A plain scalar's first character that may make it a number, null or `.inf`: js-yaml decides those. */
function numberStart(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 126;
}

/** What follows a plain scalar's first character: no ` #` comment, no `: `, no trailing `:` or blank. */
function plainRest(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (last === 58 || last === 32) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 && text.charCodeAt(i + 1) === 35) return false;
    if (c === 58 && text.charCodeAt(i + 1) === 32) return false;
  }
  return true;
}

function plainScalar(text: string): unknown {
  if (text === '') return null;
  const first = text.charCodeAt(0);
  // null, true, false in their three spellings, and ~ (a Map lookup hashes the whole string: only for short ones).
  if (text.length <= 5 && WORDS.has(text)) return WORDS.get(text);
  if (!plainRest(text)) unsupported();
  if (plainStart(first)) return text;
  // Anything else that is not number-like starts with an indicator a dump would have quoted.
  if (!numberStart(first) || (first === 45 && (text.length === 1 || text.charCodeAt(1) === 32))) unsupported();
  if (/^-?(?:0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  if (!resolved.has(text)) resolved.set(text, yaml.load(text, { schema: yaml.CORE_SCHEMA }));
  return resolved.get(text);
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar at the start of `text`: its value and where it ends (after the closing quote). */
function doubleQuoted(text: string): { value: string; end: number } {
  let value = '';
  let i = 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    const slash = text.indexOf('\\', i);
    if (quote < 0) unsupported();
    if (slash < 0 || quote < slash) return { value: value + text.slice(i, quote), end: quote + 1 };
    value += text.slice(i, slash);
    const c = text[slash + 1];
    if (HEX_LENGTH[c]) {
      const hex = text.slice(slash + 2, slash + 2 + HEX_LENGTH[c]);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_LENGTH[c]) unsupported();
      value += String.fromCodePoint(parseInt(hex, 16));
      i = slash + 2 + HEX_LENGTH[c];
    } else if (c !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, c)) {
      value += ESCAPES[c];
      i = slash + 2;
    } else unsupported();
  }
}

function singleQuoted(text: string): { value: string; end: number } {
  let value = '';
  let i = 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) unsupported();
    value += text.slice(i, quote);
    if (text[quote + 1] !== "'") return { value, end: quote + 1 };
    value += "'";
    i = quote + 2;
  }
}

/** A one-line value after `key: ` or `- ` (block literals are read by the caller). */
function inlineValue(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text[0] === '"' || text[0] === "'") {
    const { value, end } = text[0] === '"' ? doubleQuoted(text) : singleQuoted(text);
    if (end !== text.length) unsupported();
    return value;
  }
  return plainScalar(text);
}

/** The key of a `key: value` line and the rest after `: `, or undefined when the line is not a mapping entry. */
function splitEntry(text: string): { key: string; rest: string } | undefined {
  let key: string;
  let after: number;
  if (text[0] === '"' || text[0] === "'") {
    const quoted = text[0] === '"' ? doubleQuoted(text) : singleQuoted(text);
    if (text[quoted.end] !== ':') return undefined;
    key = quoted.value;
    after = quoted.end + 1;
  } else {
    const colon = text.indexOf(': ');
    const end = colon >= 0 ? colon : text.endsWith(':') ? text.length - 1 : -1;
    if (end < 0) return undefined;
    const raw = text.slice(0, end);
    if (raw === '' || raw[0] === '?') unsupported();
    const value = plainScalar(raw);
    if (value !== null && typeof value === 'object') unsupported();
    key = String(value);
    after = end + 1;
  }
  if (after >= text.length) return { key, rest: '' };
  if (text.charCodeAt(after) !== 32) return undefined;
  // A dump writes one space after the colon; more are allowed.
  return { key, rest: text.charCodeAt(after + 1) === 32 ? text.slice(after).replace(/^ +/, '') : text.slice(after + 1) };
}

class Reader {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  get line(): Line | undefined { return this.lines[this.i]; }

  /** The node that starts on the current line, at `indent`. */
  block(indent: number): unknown {
    const line = this.line!;
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  /** A value given after `key:` or `- `: inline, a literal, or a block on the following lines. */
  value(rest: string, parentIndent: number, sequenceMayShareIndent: boolean): unknown {
    if (rest === '') {
      const next = this.line;
      if (next && next.indent > parentIndent) return this.block(next.indent);
      if (next && sequenceMayShareIndent && next.indent === parentIndent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(parentIndent);
      return null;
    }
    if (rest[0] === '|') return this.literal(rest, parentIndent);
    return inlineValue(rest);
  }

  mapping(indent: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    while (this.line && this.line.indent === indent) {
      const entry = splitEntry(this.line.text);
      if (!entry) break;
      if (entry.key === '__proto__' || Object.prototype.hasOwnProperty.call(object, entry.key)) unsupported();
      this.i++;
      object[entry.key] = this.value(entry.rest, indent, true);
    }
    if (this.line && this.line.indent >= indent) unsupported();
    return object;
  }

  sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    while (this.line && this.line.indent === indent && (this.line.text === '-' || this.line.text.startsWith('- '))) {
      const line = this.line;
      const content = line.text.slice(1).replace(/^ +/, '');
      if (content === '') { this.i++; list.push(this.value('', indent, false)); continue; }
      const column = indent + line.text.length - content.length;
      const nested = content === '-' || content.startsWith('- ') || (content[0] !== '|' && splitEntry(content) !== undefined);
      if (nested) {
        // `- key: v` and `- - v` open a node at the column of their content: read the line as if it stood there.
        this.lines[this.i] = { indent: column, text: content };
        list.push(this.block(column));
      } else {
        this.i++;
        list.push(this.value(content, indent, false));
      }
    }
    if (this.line && this.line.indent > indent) unsupported();
    return list;
  }

  /** A `|`, `|-` or `|+` literal; its lines are the following ones indented deeper than the parent. */
  literal(header: string, parentIndent: number): string {
    const chomp = header === '|' ? 'clip' : header === '|-' ? 'strip' : header === '|+' ? 'keep' : unsupported();
    const raw: string[] = [];
    let indent = -1;
    while (this.line) {
      const { indent: n, text } = this.line;
      if (text === '') {
        // A line of spaces only: in a literal, the spaces beyond its indentation are content.
        raw.push(indent >= 0 && n > indent ? ' '.repeat(n - indent) : '');
        if (indent < 0 && n > 0) unsupported();
        this.i++;
        continue;
      }
      if (indent < 0) {
        if (n <= parentIndent || raw.length > 0) unsupported();
        indent = n;
      }
      if (n < indent) break;
      raw.push(' '.repeat(n - indent) + text);
      this.i++;
    }
    // Blank lines after the literal's last line belong to what follows only when nothing follows.
    let trailing = 0;
    while (trailing < raw.length && raw[raw.length - 1 - trailing] === '') trailing++;
    if (this.line && trailing > 0) unsupported();
    const body = raw.slice(0, raw.length - trailing).join('\n');
    if (body === '') return chomp === 'keep' ? '\n'.repeat(trailing) : '';
    return chomp === 'strip' ? body : chomp === 'clip' ? `${body}\n` : `${body}\n${'\n'.repeat(trailing)}`;
  }
}

/**
 * The objects of one document chunk (from its `---` line to the next), or UNSUPPORTED. A chunk
 * without a marker is the file's header: comments only, or UNSUPPORTED.
 */
export function parseDumpedDocument(chunk: string): unknown[] | typeof UNSUPPORTED {
  const texts = chunk.split('\n');
  // The empty string after the last newline; other blank lines are content (of a `|+` literal) or unsupported.
  if (texts[texts.length - 1] === '') texts.pop();
  // js-yaml reads a comment-only chunk as one empty document.
  if (texts[0] !== '---') return texts.every((t) => t === '' || /^#/.test(t)) ? [null] : UNSUPPORTED;
  if (chunk.includes('\r') || chunk.includes('\t')) return UNSUPPORTED;
  const lines: Line[] = [];
  for (let k = 1; k < texts.length; k++) {
    const text = texts[k];
    let indent = 0;
    while (text.charCodeAt(indent) === 32) indent++;
    lines.push({ indent, text: indent === 0 ? text : text.slice(indent) });
  }
  if (lines.length === 0) return [];
  try {
    const reader = new Reader(lines);
    if (lines[0].indent !== 0) return UNSUPPORTED;
    const first = lines[0].text;
    // A document that is a lone scalar is not something a render holds.
    if (!(first === '-' || first.startsWith('- ') || splitEntry(first))) return UNSUPPORTED;
    const value = reader.block(0);
    if (reader.line) return UNSUPPORTED;
    return [value];
  } catch (error) {
    if (error instanceof Unsupported) return UNSUPPORTED;
    throw error;
  }
}
