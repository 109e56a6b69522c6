/**
 * Load profiles for the simulator: step, ramp, diurnal, or points from a CSV file. Each parser
 * throws a RangeError whose message names what is wrong; the CLI adds the flag.
 */
export type LoadFunction = (seconds: number) => number;

export interface LoadProfile {
  readonly load: LoadFunction;
  /** The last moment the profile changes (where the default duration starts counting). */
  readonly lastChangeSeconds: number;
  /** A one-line description for the report. */
  readonly description: string;
}

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/;

/** `90`, `90s`, `5m`, `1h30m`, `1.5h` → seconds (whole seconds only). */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  let seconds: number;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const match = DURATION.exec(trimmed);
    if (!trimmed || !match || match.slice(1).every((g) => g === undefined)) {
      throw new RangeError(`'${text}' is not a duration (e.g. 90, 90s, 5m, 1h30m)`);
    }
    const [h, m, s] = match.slice(1).map((g) => Number(g ?? 0));
    seconds = h * 3600 + m * 60 + s;
  }
  if (!Number.isInteger(seconds)) throw new RangeError(`'${text}' is not a whole number of seconds`);
  return seconds;
}

function parseValue(text: string, what: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new RangeError(`${what} '${text}' is not a number ≥ 0`);
  return value;
}

function ordered(points: readonly (readonly [number, number])[], source: string): void {
  if (points.length === 0) throw new RangeError(`${source} has no points`);
  for (let i = 1; i < points.length; i++) {
    if (points[i][0] <= points[i - 1][0]) {
      throw new RangeError(`${source}: times must increase; ${points[i][0]}s follows ${points[i - 1][0]}s`);
    }
  }
}

/** Piecewise constant from each point's time; the first value also holds before it. */
export function stepLoad(points: readonly (readonly [number, number])[]): LoadFunction {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  return (t) => {
    let value = sorted[0]?.[1] ?? 0;
    for (const [from, v] of sorted) if (from <= t) value = v; else break;
    return value;
  };
}

/** Straight lines between points; flat before the first and after the last. */
export function linearLoad(points: readonly (readonly [number, number])[]): LoadFunction {
  return (t) => {
    if (t <= points[0][0]) return points[0][1];
    for (let i = 1; i < points.length; i++) {
      const [t1, v1] = points[i];
      if (t <= t1) {
        const [t0, v0] = points[i - 1];
        return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
      }
    }
    return points[points.length - 1][1];
  };
}

function keyValues(body: string, kind: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of body.split(',')) {
    const [key, value, ...rest] = part.split('=');
    if (value === undefined || rest.length) throw new RangeError(`${kind}: '${part}' is not key=value`);
    if (!keys.includes(key.trim())) throw new RangeError(`${kind}: unknown key '${key.trim()}' (keys: ${keys.join(', ')})`);
    if (key.trim() in out) throw new RangeError(`${kind}: '${key.trim()}' given twice`);
    out[key.trim()] = value.trim();
  }
  for (const key of keys) if (!(key in out)) throw new RangeError(`${kind}: missing ${key}=`);
  return out;
}

/** `T:V,T:V` (or `step:T:V,…`), T a duration from the start. */
function parseStep(body: string): LoadProfile {
  const points = body.split(',').map((pair): [number, number] => {
    const [t, v, ...rest] = pair.split(':');
    if (v === undefined || rest.length) throw new RangeError(`'${pair}' is not TIME:VALUE`);
    return [parseDuration(t), parseValue(v, 'load')];
  });
  ordered(points, 'step');
  return { load: stepLoad(points), lastChangeSeconds: points[points.length - 1][0], description: `step ${points.map(([t, v]) => `${v} from ${t}s`).join(', ')}` };
}

/** `ramp:from=V,to=V,start=D,over=D`: flat, a straight climb (or fall), flat. */
function parseRamp(body: string): LoadProfile {
  const kv = keyValues(body, 'ramp', ['from', 'to', 'start', 'over']);
  const start = parseDuration(kv.start);
  const over = parseDuration(kv.over);
  if (over === 0) throw new RangeError('ramp: over= must be longer than 0s (use a step)');
  const from = parseValue(kv.from, 'from');
  const to = parseValue(kv.to, 'to');
  return { load: linearLoad([[start, from], [start + over, to]]), lastChangeSeconds: start + over, description: `ramp ${from} → ${to} from ${start}s over ${over}s` };
}

/** `diurnal:min=V,max=V,period=D,peak=D`: a cosine day, highest at `peak` into each period. */
function parseDiurnal(body: string): LoadProfile {
  const kv = keyValues(body, 'diurnal', ['min', 'max', 'period', 'peak']);
  const min = parseValue(kv.min, 'min');
  const max = parseValue(kv.max, 'max');
  const period = parseDuration(kv.period);
  const peak = parseDuration(kv.peak);
  if (min > max) throw new RangeError(`diurnal: min=${min} is above max=${max}`);
  if (period === 0) throw new RangeError('diurnal: period= must be longer than 0s');
  const load: LoadFunction = (t) => min + ((max - min) * (1 + Math.cos((2 * Math.PI * (t - peak)) / period))) / 2;
  return { load, lastChangeSeconds: period, description: `diurnal ${min}–${max} over ${period}s, peak at ${peak}s` };
}

/** `time,load` rows (an optional header row), times increasing; linear between rows. */
export function parseCsvLoad(text: string, source: string): LoadProfile {
  const rows = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  // A first row whose time is not a duration is a header (e.g. `time,load`).
  if (rows.length && !/^\d/.test(rows[0])) rows.shift();
  const points = rows.map((row, i): [number, number] => {
    const cells = row.split(',');
    if (cells.length !== 2) throw new RangeError(`${source} row ${i + 1}: '${row}' is not time,load`);
    try {
      return [parseDuration(cells[0]), parseValue(cells[1], 'load')];
    } catch (error) {
      throw new RangeError(`${source} row ${i + 1}: ${(error as Error).message}`);
    }
  });
  ordered(points, source);
  return { load: linearLoad(points), lastChangeSeconds: points[points.length - 1][0], description: `${points.length} points from ${source}` };
}

/** `--load` text: `step:…`, `ramp:…`, `diurnal:…`, or bare `T:V,…` steps. CSV files come through parseCsvLoad. */
export function parseLoadProfile(text: string): LoadProfile {
  const colon = text.indexOf(':');
  const kind = colon >= 0 ? text.slice(0, colon) : '';
  const body = text.slice(colon + 1);
  if (kind === 'step') return parseStep(body);
  if (kind === 'ramp') return parseRamp(body);
  if (kind === 'diurnal') return parseDiurnal(body);
  if (/^[a-z]+$/i.test(kind) && !/^\d/.test(kind)) throw new RangeError(`unknown profile '${kind}' (step, ramp, diurnal, or --load-csv FILE)`);
  return parseStep(text);
}
