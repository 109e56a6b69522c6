/**
 * The alerts of a platform without the mesh (golden signals from the app's own metrics), as a
 * promtool rule file: conformance/prometheus-tests/rules/fixtures/shop/east/store.shop-alerts.yaml
 * is exactly what the shop fixture renders (dist/ holds only meshed platforms), and
 * plain-alerts.yaml tests each of its alerts firing and silent.
 * After a change to the rules: UPDATE_PROMTOOL_FIXTURES=1 npx jest test/observability/plain-alerts.test.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';

const dir = path.join(__dirname, '../../conformance/prometheus-tests');
const FIXTURE = 'fixtures/shop/east/store.shop-alerts.yaml';

describe('promtool fixture of an unmeshed platform', () => {
  const rule = findObject(renderObjects(shopPlatform()), 'shop/east/10-store.yaml', 'PrometheusRule', 'shop-alerts');
  // The same dump extract-rules.cjs writes for dist/.
  const content = yaml.dump({ groups: rule.spec.groups }, { lineWidth: -1 });
  const file = path.join(dir, 'rules', FIXTURE);
  if (process.env.UPDATE_PROMTOOL_FIXTURES === '1') fs.writeFileSync(file, content);

  it('is exactly what the shop fixture renders', () => {
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('tests every alert of it both firing and silent', () => {
    const tests = yaml.load(fs.readFileSync(path.join(dir, 'plain-alerts.yaml'), 'utf8')) as any;
    expect(tests.rule_files).toEqual([FIXTURE]);
    const alerts = new Set<string>(rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => r.alert)));
    const checks = tests.tests.flatMap((t: any) => t.alert_rule_test);
    for (const name of alerts) {
      const mine = checks.filter((c: any) => c.alertname === name);
      expect({ name, fires: mine.some((c: any) => c.exp_alerts.length > 0), silent: mine.some((c: any) => c.exp_alerts.length === 0) }).toEqual({ name, fires: true, silent: true });
    }
    // The golden signals are read from the app contract's series, never the mesh's.
    expect(content).toContain('http_requests_total');
    expect(content).not.toContain('istio_');
  });
});
