/**
 * Glob matching as Argo CD does it (github.com/gobwas/glob, via argo-cd's util/glob): `*` matches
 * any run of characters except a separator, `**` any run including separators, `?` one
 * non-separator character, `[abc]`/`[a-z]`/`[!abc]` one character of (or not of) a class,
 * `{a,b}` any alternative, and `\` escapes the next character. A pattern that does not compile
 * matches nothing, as in Argo CD.
 */
export function globMatch(pattern: string, value: string, separators: readonly string[] = []): boolean {
  const regex = compile(pattern, separators);
  return regex !== undefined && regex.test(value);
}

/**
 * Compiled patterns, by separators then by pattern: the AppProject checks ask once per object and
 * whitelist entry (over a million times at 20,000 objects), so a lookup must not build a key string.
 */
const cache = new Map<string, Map<string, RegExp | null>>();

function compile(pattern: string, separators: readonly string[]): RegExp | undefined {
  const bySeparators = separators.length === 0 ? '' : separators.length === 1 ? separators[0] : separators.join('\u0000');
  let patterns = cache.get(bySeparators);
  if (!patterns) cache.set(bySeparators, (patterns = new Map()));
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^${translate(pattern, separators)}$`, 's');
    } catch {
      regex = null;
    }
    patterns.set(pattern, regex);
  }
  return regex ?? undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function translate(pattern: string, separators: readonly string[]): string {
  const notSeparator = separators.length ? `[^${separators.map(escapeRegex).join('')}]` : '.';
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) throw new Error('dangling escape');
      out += escapeRegex(pattern[++i]);
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else {
        out += `${notSeparator}*`;
      }
    } else if (c === '?') {
      out += notSeparator;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('unclosed class');
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegex(c);
    }
  }
  if (braceDepth !== 0) throw new Error('unclosed alternatives');
  return out;
}
