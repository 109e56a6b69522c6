/**
 * Property: whatever is broken in a valid spec (platforms/hyperscale.ts, randomly mutated), the
 * compiler never crashes. Validation never throws; it either passes and the spec renders, or it
 * fails with `path: message [rule]` lines. (The CLI runs a handful: test/cli/bad-input.test.ts.)
 */
import * as fc from 'fast-check';
import { hyperscale } from '../../platforms/hyperscale';
import { renderPlatforms } from '../../src/compile';
import { SpecIssue, formatIssue, isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { isCleanIssueLine, mutate, mutationAt, mutationsArb, pathPrefix } from '../support/spec-mutations';

describe('randomly mutated hyperscale specs', () => {
  it('never crash: each either renders or fails with path: message [rule] lines', () => {
    let rendered = 0;
    let rejected = 0;
    fc.assert(fc.property(mutationsArb, (mutations) => {
      const spec = mutate(hyperscale, mutations);
      let issues: SpecIssue[] = [];
      expect(() => { issues = validatePlatform(spec); }).not.toThrow();
      const errors = issues.filter(isError);
      if (errors.length > 0) {
        rejected++;
        const prefix = pathPrefix(spec);
        for (const line of errors.map(formatIssue)) expect({ line, clean: isCleanIssueLine(line, prefix) }).toEqual({ line, clean: true });
      } else {
        rendered++;
        // Rendering is the slow part: check it for a sample of the valid mutants only.
        if (rendered <= 4) expect(() => renderPlatforms([spec])).not.toThrow();
      }
    }), {
      numRuns: 200,
      // Always among the runs, whatever the seed: mutants that stay valid and must render.
      examples: [[[mutationAt(hyperscale, 'description', 'delete')]], [[mutationAt(hyperscale, 'gitops.targetRevision', 'swap', 2)]]],
    });
    // Both outcomes occur, so the property says something about each.
    expect(rendered).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(50);
  });
});
