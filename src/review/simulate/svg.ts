import { SimulationResult } from './engine';

/**
 * A line chart of a run: offered load and the ready pods' capacity on the left axis, replicas
 * (spec) and ready pods on the right. Plain SVG with fixed-precision numbers, so the same run
 * always gives the same bytes.
 */
const WIDTH = 800;
const HEIGHT = 320;
const PAD = { left: 70, right: 60, top: 40, bottom: 40 };

function fixed(n: number): string {
  const s = n.toFixed(1);
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}` : s ? `${m}m${String(s).padStart(2, '0')}` : `${m}m`;
}

export function renderSvg(result: SimulationResult, title: string, loadUnit: string): string {
  const points = result.syncs;
  const end = points.length ? points[points.length - 1].atSeconds : 1;
  const loadMax = niceCeiling(Math.max(...points.map((p) => Math.max(p.load, p.capacity)), 1));
  const podMax = niceCeiling(Math.max(...points.map((p) => Math.max(p.replicas, p.ready, p.needed)), 1));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + (t / end) * plotW;
  const yLoad = (v: number) => PAD.top + plotH - (Math.min(v, loadMax) / loadMax) * plotH;
  const yPods = (v: number) => PAD.top + plotH - (Math.min(v, podMax) / podMax) * plotH;
  // Steps, not slopes: each value holds from its sync until the next one.
  const line = (ys: (p: (typeof points)[number]) => number, color: string, dash = '') => {
    const coords = points.flatMap((p, i) => {
      const here = `${fixed(x(p.atSeconds))},${fixed(ys(p))}`;
      return i === 0 ? [here] : [`${fixed(x(p.atSeconds))},${fixed(ys(points[i - 1]))}`, here];
    });
    return `<polyline fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${coords.join(' ')}"/>`;
  };

  const ticks: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + plotH - (i / 4) * plotH;
    ticks.push(`<line x1="${PAD.left}" y1="${fixed(y)}" x2="${WIDTH - PAD.right}" y2="${fixed(y)}" stroke="#e5e5e5"/>`);
    ticks.push(`<text x="${PAD.left - 6}" y="${fixed(y + 4)}" text-anchor="end">${fixed((loadMax * i) / 4)}</text>`);
    ticks.push(`<text x="${WIDTH - PAD.right + 6}" y="${fixed(y + 4)}">${fixed((podMax * i) / 4)}</text>`);
    const t = Math.round((end * i) / 4);
    ticks.push(`<text x="${fixed(x(t))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${clock(t)}</text>`);
  }
  const legend = [
    ['#1f77b4', '', `load (${loadUnit})`], ['#2ca02c', '', 'capacity of ready pods'],
    ['#d62728', '', 'replicas'], ['#ff7f0e', '4 3', 'ready pods'], ['#7f7f7f', '2 4', 'needed at target'],
  ];
  // Each entry as wide as its label (about 6 px a character at 11 px), so none overlaps the next.
  let legendX = PAD.left;
  const legendItems = legend.map(([color, dash, label]) => {
    const at = legendX;
    legendX += 40 + label.length * 6;
    return `<line x1="${at}" y1="${HEIGHT - 8}" x2="${at + 18}" y2="${HEIGHT - 8}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
      `<text x="${at + 22}" y="${HEIGHT - 4}">${escapeXml(label)}</text>`;
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="20" font-size="13">${escapeXml(title)}</text>`,
    `<text x="${PAD.left - 6}" y="${PAD.top - 8}" text-anchor="end">${escapeXml(loadUnit)}</text>`,
    `<text x="${WIDTH - PAD.right + 6}" y="${PAD.top - 8}">pods</text>`,
    ...ticks,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999999"/>`,
    line((p) => yLoad(p.load), '#1f77b4'),
    line((p) => yLoad(p.capacity), '#2ca02c'),
    line((p) => yPods(p.needed), '#7f7f7f', '2 4'),
    line((p) => yPods(p.ready), '#ff7f0e', '4 3'),
    line((p) => yPods(p.replicas), '#d62728'),
    ...legendItems,
    '</svg>',
    '',
  ].join('\n');
}
