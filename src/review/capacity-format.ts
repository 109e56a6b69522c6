import { CapacityReport, Point, PoolRow, RegionCapacity } from './capacity-plan';

/** `plan --capacity` as text for a terminal and as markdown for a pull-request comment. */

const GiB = 2 ** 30;
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const cores = (p: Point) => num(p.cores, 2);
const memory = (p: Point) => `${num(p.memory / GiB, 1)} GiB`;

function money(report: CapacityReport, p: Point | undefined): string {
  if (!p || p.cost === undefined) return '–';
  return `${num(Math.round(p.cost))} ${report.currency}`;
}

const HEADER = ['pool', 'pods (floor / target / ceiling)', 'cores (floor / target / ceiling)', 'memory (floor / target / ceiling)', 'budget (cores, memory)'];

function poolCells(report: CapacityReport, row: PoolRow): string[] {
  const three = (f: (p: Point) => string) => `${f(row.floor)} / ${f(row.target)} / ${f(row.ceiling)}`;
  const cells = [
    row.pool,
    three((p) => num(p.pods)),
    three(cores),
    three(memory),
    row.budget ? `${cores(row.budget)}, ${memory(row.budget)}` : '–',
  ];
  if (report.currency) cells.push(`${money(report, row.floor)} / ${money(report, row.target)} / ${money(report, row.ceiling)}`, money(report, row.budget));
  return cells;
}

function header(report: CapacityReport): string[] {
  return report.currency ? [...HEADER, 'cost per month (floor / target / ceiling)', 'budget per month'] : HEADER;
}

/** The seed's arithmetic, line by line, for one region. */
function scalingLines(report: CapacityReport, region: RegionCapacity): string[] {
  const s = region.scaling;
  if (!s) return [`no instance of the plan's service renders in ${region.region}`];
  const regions = report.regions.length;
  const rounded = Math.floor(s.requestsPerSecond);
  const exact = s.requestsPerSecond / s.requestsPerPod;
  const lines = [
    `${num(report.targetRequestsPerSecond)} req/s ÷ ${regions} region${regions === 1 ? '' : 's'} = ${num(rounded)} req/s per region${rounded !== s.requestsPerSecond ? ` (${num(s.requestsPerSecond, 2)})` : ''}`,
    `${num(s.requestsPerSecond, 2)} req/s ÷ ${num(s.requestsPerPod, 2)} req/s per pod = ${num(s.podsNeeded)} pods of ${s.service} needed${Number.isInteger(exact) ? '' : ` (${num(exact, 3)}, rounded up)`}`,
    `floor ${num(s.minReplicas)} pods (${num(s.floorPercent)} % of the need), ceiling ${num(s.maxReplicas)} pods serving ${num(s.servedAtCeiling)} req/s: ` +
      (s.meetsTarget ? `${num(s.headroomPods)} pods of headroom (+${num(s.headroomPercent)} %)` : `${num(-s.headroomPods)} pods short`),
  ];
  return lines;
}

function textTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
}

function prices(report: CapacityReport): string {
  return report.currency ? `; cost at the spec's unit prices, ${report.hoursPerMonth} h a month` : '; no unit prices in the spec, so no cost';
}

export function capacityText(reports: readonly CapacityReport[]): string {
  const out: string[] = [];
  for (const report of reports) {
    out.push(`capacity: ${report.platform}: ${num(report.targetRequestsPerSecond)} req/s across ${report.regions.length} region(s)${prices(report)}`);
    for (const flag of report.flags) out.push(`!! DANGER: ${flag.text} [${flag.rule}]`);
    for (const region of report.regions) {
      out.push('', region.region);
      for (const line of scalingLines(report, region)) out.push(`  ${line}`);
      out.push('  resources (requests × pods; target: the service at the pods needed, the rest at their floors)');
      for (const line of textTable([header(report), ...[...region.pools, region.total].map((r) => poolCells(report, r))])) out.push(`    ${line}`);
    }
    out.push('', `all regions: ${cores(report.total.target)} cores, ${memory(report.total.target)} at target` +
      `${report.currency ? ` (${money(report, report.total.target)} a month)` : ''}; ` +
      `${cores(report.total.ceiling)} cores, ${memory(report.total.ceiling)} at the ceilings${report.currency ? ` (${money(report, report.total.ceiling)})` : ''}` +
      `${report.total.budget ? `; budget ${cores(report.total.budget)} cores, ${memory(report.total.budget)}${report.currency ? ` (${money(report, report.total.budget)})` : ''}` : ''}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const markdownRow = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

export function capacityMarkdown(reports: readonly CapacityReport[]): string {
  const out: string[] = ['<!-- platform-compiler:capacity -->', '### platform-compiler capacity', ''];
  for (const report of reports) {
    out.push(`#### ${report.platform}: ${num(report.targetRequestsPerSecond)} req/s across ${report.regions.length} region(s)`, '');
    out.push(`Requests × pods per node pool${prices(report)}. Target: the plan's service at the pods its share needs, everything else at its floor.`, '');
    for (const flag of report.flags) out.push(`- 🛑 **danger** · \`${flag.rule}\` · ${flag.text}`);
    if (report.flags.length > 0) out.push('');
    for (const region of report.regions) {
      out.push(`##### ${region.region}`, '', '```', ...scalingLines(report, region), '```', '');
      const head = header(report);
      out.push(markdownRow(head), markdownRow(head.map((_, i) => (i === 0 ? '---' : '---:'))));
      for (const row of region.pools) out.push(markdownRow(poolCells(report, row)));
      out.push(markdownRow(poolCells(report, region.total).map((c) => `**${c}**`)), '');
    }
    const head = header(report);
    out.push('##### all regions', '', markdownRow(head), markdownRow(head.map((_, i) => (i === 0 ? '---' : '---:'))), markdownRow(poolCells(report, report.total)), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
