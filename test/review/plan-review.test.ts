/** plan --format markdown: the review of two renders, as a pull-request comment reads it. */
import { renderPlatforms } from '../../src/compile';
import { compareTrees } from '../../src/cli/plan';
import { buildReview } from '../../src/review/review';
import { renderMarkdown } from '../../src/review/markdown';
import { shopPlatform, webService } from '../support/fixtures';
import { PlatformSpec } from '../../src/spec/types';

function review(before: PlatformSpec, after: PlatformSpec) {
  const input = compareTrees(renderPlatforms([before]), renderPlatforms([after]));
  return buildReview(input.changes, input.lookup, input.objectsOf);
}

describe('x', () => {
  it('y', () => {
    const a = shopPlatform();
    const b = shopPlatform({ namespaces: { store: { services: { storefront: webService() } } } });
    console.log(renderMarkdown(review(a, b)));
    console.log(renderMarkdown(review(a, shopPlatform({}, { image: 'registry.internal/shop/web:1.5.0', autoscaling: { ...webService().autoscaling!, maxReplicas: 20 } }))));
  });
});
