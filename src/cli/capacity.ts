import { renderPlatforms } from '../compile';
import { CAPACITY_KINDS } from '../review/capacity';
import { CapacityReport, capacityReport } from '../review/capacity-plan';
import { capacityMarkdown, capacityText } from '../review/capacity-format';
import { compareTreeTexts } from '../review/tree-index';
import { assertResolvedPlatform } from '../spec/validate';
import { CliOptions, printIssues, selectPlatforms } from './commands';
import { UsageError } from './load-spec';

/**
 * `plan --capacity`: the capacity plan of each selected platform against its fresh render (the
 * render is what runs; the spec says the target and the prices). A region that cannot serve its
 * share even at maxReplicas is a danger: `--fail-on` exits 4 on it.
 */
export function capacityCommand(options: CliOptions): number {
  if (options.head !== undefined || options.base !== undefined) {
    throw new UsageError('--capacity reports on a fresh render of the spec; it takes --platform or --spec, not --head or --base');
  }
  const platforms = selectPlatforms(options);
  const tree = renderPlatforms(platforms, printIssues);
  // Read as a tree compared with itself: nothing is parsed but the documents of the kinds asked for.
  const trees = compareTreeTexts(tree, tree);
  const reports: CapacityReport[] = [];
  for (const platform of platforms) {
    const { model } = assertResolvedPlatform(platform);
    if (!model.capacityPlan) {
      if (options.platform || options.spec) throw new UsageError(`platform '${platform.name}' has no capacity plan; add capacity: { targetRequestsPerSecond, service } to its spec`);
      continue;
    }
    reports.push(capacityReport(platform.name, model.capacityPlan, (region) => trees.objectsOf(`${platform.name}/${region}`, 'after', CAPACITY_KINDS)));
  }
  const dangers = reports.reduce((n, r) => n + r.flags.length, 0);
  if (options.format === 'json') process.stdout.write(`${JSON.stringify({ platforms: reports, dangers }, null, 2)}\n`);
  else if (options.format === 'markdown') process.stdout.write(capacityMarkdown(reports));
  else process.stdout.write(reports.length > 0 ? capacityText(reports) : 'capacity: no selected platform has a capacity plan\n');
  return options.failOn !== undefined && dangers > 0 ? 4 : 0;
}
