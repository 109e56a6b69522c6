import { Capacity } from './capacity';
import { Detail, Flag, Review } from './review';

/** The first line of every plan comment: CI finds its own comment by it and updates it in place. */
export const COMMENT_MARKER = '<!-- platform-compiler:plan -->';
/** GitHub refuses comments over 65,536 characters: flags and details each stop at a share of that. */
const FLAGS_BUDGET = 25_000;
const DETAILS_BUDGET = 25_000;
const FIELDS_PER_OBJECT = 8;

const MARK = { added: '+', removed: '-', changed: '~' } as const;
const ICON = { danger: '🛑', caution: '⚠️' } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const identity = (namespace: string | undefined, name: string) => `${namespace ? `${namespace}/` : ''}${name}`;

/** A value in inline code: strings bare, the rest as JSON, long ones cut. */
function code(value: unknown): string {
  const text = value === undefined ? '(unset)' : typeof value === 'string' ? value : JSON.stringify(value);
  const cut = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return `\`${cut.replace(/`/g, "'")}\``;
}

/** A signed change, `0` when nothing moves; `−` is the minus sign, as in the text output. */
function signed(delta: number, digits: number): string {
  const rounded = +delta.toFixed(digits);
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en-US', { maximumFractionDigits: digits })}`;
}

const GiB = 2 ** 30;
const arrow = (before: number, after: number) => `${before.toLocaleString('en-US')} → ${after.toLocaleString('en-US')}`;

function capacityCells(before: Capacity, after: Capacity): string[] {
  return [
    arrow(before.podsAtFloor, after.podsAtFloor),
    arrow(before.podsAtCeiling, after.podsAtCeiling),
    `${signed(after.coresAtFloor - before.coresAtFloor, 2)} / ${signed(after.coresAtCeiling - before.coresAtCeiling, 2)}`,
    `${signed((after.memoryAtFloor - before.memoryAtFloor) / GiB, 1)} / ${signed((after.memoryAtCeiling - before.memoryAtCeiling) / GiB, 1)} GiB`,
  ];
}

function flagLine(flag: Flag): string {
  return `- ${ICON[flag.level]} **${flag.level}** · \`${flag.cluster}\` · ${flag.subject}: ${flag.text}`;
}

function detailLines(detail: Detail): string[] {
  const { change, fields, notes } = detail;
  const lines = [`- \`${MARK[change.change]}\` ${change.kind} \`${identity(change.namespace, change.name)}\``];
  for (const field of fields.slice(0, FIELDS_PER_OBJECT)) lines.push(`  - \`${field.path}\`: ${code(field.before)} → ${code(field.after)}`);
  if (fields.length > FIELDS_PER_OBJECT) lines.push(`  - … and ${fields.length - FIELDS_PER_OBJECT} more field(s)`);
  for (const note of notes) lines.push(`  - ${note.level === 'info' ? '' : `${ICON[note.level]} ${note.level}: `}${note.text}`);
  return lines;
}

/** The totals line: what changes, and how risky it is. */
export function headline(review: Review): string {
  const sum = (key: 'added' | 'changed' | 'removed' | 'renamed' | 'labelOnly') => review.clusters.reduce((n, row) => n + row[key], 0);
  const risk = `**${plural(review.dangers, 'danger')}, ${plural(review.cautions, 'caution')}**`;
  const labelOnly = sum('labelOnly');
  return `${risk} · ${sum('changed')} changed, ${sum('added')} added, ${sum('removed')} removed, ${sum('renamed')} renamed`
    + (labelOnly > 0 ? `, ${labelOnly} with only a version-label change` : '');
}

/**
 * The plan as a pull-request comment: the marker, a headline, the per-cluster table, risk flags
 * (dangers, then cautions), renames, noise in one line per label change, then the details per
 * cluster folded in `<details>`.
 */
export function renderMarkdown(review: Review): string {
  const out: string[] = [COMMENT_MARKER, '### platform-compiler plan', ''];
  if (review.clusters.length === 0) {
    out.push('No changes: the clusters already run what the spec says.');
    return `${out.join('\n')}\n`;
  }
  out.push(headline(review), '');
  out.push(
    '| platform | cluster | added | changed | removed | renamed | pods at floor | pods at ceiling | Δ cores (floor / ceiling) | Δ memory (floor / ceiling) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of review.clusters) {
    const cells = [row.platform, row.cluster || '(platform)', row.added, row.changed, row.removed, row.renamed, ...capacityCells(row.before, row.after)];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('', '#### Risk flags', '');
  if (review.flags.length === 0) out.push('None.');
  let flagBudget = FLAGS_BUDGET;
  const omitted = { danger: 0, caution: 0 };
  for (const flag of review.flags) {
    const line = flagLine(flag);
    // Dangers come first, so a cut leaves out cautions before any danger.
    if (line.length + 1 > flagBudget) { omitted[flag.level] += 1; continue; }
    flagBudget -= line.length + 1;
    out.push(line);
  }
  if (omitted.danger + omitted.caution > 0) {
    const parts = [omitted.danger > 0 ? plural(omitted.danger, 'more danger', 'more dangers') : '', omitted.caution > 0 ? plural(omitted.caution, 'more caution', 'more cautions') : ''].filter(Boolean);
    out.push(`- … and ${parts.join(' and ')}, left out to fit a comment; run \`plan\` locally for all of them.`);
  }
  if (review.renames.length > 0) {
    out.push('', '#### Renames', '', '| cluster | kind | from | to | differs besides the name |', '| --- | --- | --- | --- | --- |');
    for (const r of review.renames) {
      const differs = r.fields.length === 0 ? 'nothing' : r.fields.slice(0, 3).map((f) => `\`${f.path}\``).join(', ') + (r.fields.length > 3 ? ` and ${r.fields.length - 3} more` : '');
      out.push(`| ${r.cluster} | ${r.kind} | \`${identity(r.namespace, r.from)}\` | \`${identity(r.namespace, r.to)}\` | ${differs} |`);
    }
  }
  if (review.noise.length > 0) {
    out.push('', '#### Noise', '');
    for (const line of review.noise) {
      const rest = line.labelOnly === line.objects ? 'nothing else changes on them' : `${line.labelOnly} change nothing else`;
      out.push(`- \`${line.label}\` ${code(line.before)} → ${code(line.after)} on ${plural(line.objects, 'object')} (${rest})`);
    }
  }
  let budget = DETAILS_BUDGET;
  const byCluster = new Map<string, Detail[]>();
  for (const detail of review.details) byCluster.set(detail.change.cluster, [...(byCluster.get(detail.change.cluster) ?? []), detail]);
  let left = 0;
  for (const [cluster, details] of byCluster) {
    const lines: string[] = [];
    for (const detail of details) {
      const block = detailLines(detail);
      const size = block.reduce((n, l) => n + l.length + 1, 0);
      if (size > budget) { left += 1; continue; }
      budget -= size;
      lines.push(...block);
    }
    if (lines.length === 0) continue;
    out.push('', `<details><summary>${cluster}: ${plural(details.length, 'object')} in detail</summary>`, '', ...lines, '', '</details>');
  }
  if (left > 0) out.push('', `… ${plural(left, 'more object')} left out to fit a comment; run \`plan\` locally for all of them.`);
  return `${out.join('\n')}\n`;
}

