/** Several platforms render each on its own and come back together in one order, whatever fails. */
import { mergeRenders, renderOnePlatform, renderPlatforms } from '../../src/compile';
import { GateFinding, RenderGateError } from '../../src/render/gate';
import { SpecIssue, SpecValidationError } from '../../src/spec/errors';
import { PLATFORMS } from '../../platforms';
import { shopPlatform } from '../support/fixtures';

const spikeReady = PLATFORMS.find((p) => p.name === 'spike-ready')!;
const broken = shopPlatform({ name: 'broken' }, { image: 'registry.internal/shop/web:latest' });

function collect(): { warnings: SpecIssue[][]; onWarnings: (w: SpecIssue[]) => void } {
  const warnings: SpecIssue[][] = [];
  return { warnings, onWarnings: (w) => warnings.push(w) };
}

describe('renderPlatforms', () => {
  it('renders two platforms as the union of their own renders, sorted by path', () => {
    const east = shopPlatform({ name: 'shop-a' });
    const west = shopPlatform({ name: 'shop-b' });
    const both = renderPlatforms([west, east]);
    const alone = new Map([...renderPlatforms([east]), ...renderPlatforms([west])]);
    expect([...both.keys()]).toEqual([...alone.keys()].sort());
    for (const [file, text] of both) expect(text).toBe(alone.get(file));
    expect([...both.keys()].every((f, i, all) => i === 0 || all[i - 1] < f)).toBe(true);
  });

  it('gives the warnings of the platforms before a failing spec, then throws that spec\'s errors', () => {
    const { warnings, onWarnings } = collect();
    expect(() => renderPlatforms([spikeReady, broken, spikeReady], onWarnings)).toThrow(SpecValidationError);
    // spike-ready's four warnings (seed 004's operating points and connection claim), once: the
    // platform after the failing one is never reported.
    expect(warnings.map((w) => w.length)).toEqual([4]);
    expect(warnings[0].map((w) => w.rule)).toEqual(['operating-point', 'operating-point', 'operating-point', 'seed-contradiction']);
  });

  it('reports a failing spec before any platform after it is warned about', () => {
    const { warnings, onWarnings } = collect();
    expect(() => renderPlatforms([broken, spikeReady], onWarnings)).toThrow(/image/);
    expect(warnings).toEqual([]);
  });

  it('never throws from one platform: the error comes back with the render', () => {
    const render = renderOnePlatform(broken);
    expect(render.error).toBeInstanceOf(SpecValidationError);
    expect(render.tree.size).toBe(0);
  });
});

describe('mergeRenders', () => {
  const finding = (file: string, message: string): GateFinding => ({ rule: 'upstream-schema', file, object: 'Deployment store/web', path: 'spec', message });

  it('puts every platform\'s gate findings together in folder order, each platform\'s in its own order', () => {
    const renders = [
      { tree: new Map(), error: new RenderGateError([finding('zeta/east/10-store.yaml', 'z1'), finding('zeta/east/00-cluster.yaml', 'z2')]) },
      { tree: new Map([['mid/east/10-store.yaml', 'ok']]) },
      { tree: new Map(), error: new RenderGateError([finding('alpha/east/10-store.yaml', 'a1')]) },
    ];
    let thrown: unknown;
    try {
      mergeRenders(renders);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RenderGateError);
    expect((thrown as RenderGateError).findings.map((f) => f.message)).toEqual(['a1', 'z1', 'z2']);
  });

  it('throws a spec error before any gate finding of an earlier platform', () => {
    const renders = [
      { tree: new Map(), error: new RenderGateError([finding('alpha/east/10-store.yaml', 'a1')]) },
      { tree: new Map(), error: new SpecValidationError([{ path: 'beta.name', rule: 'min-max-replicas', message: 'bad' }]) },
    ];
    expect(() => mergeRenders(renders)).toThrow(SpecValidationError);
  });
});
