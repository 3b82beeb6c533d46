import type { MetricSeries } from '../api/monitoringTypes';

/** A chart's data as uPlot takes it: shared x (epoch ms) first, then one y column per series (null = gap). */
export type ChartColumns = [number[], ...(number | null)[][]];

/** One series kept by a live chart: the group tags, its name and its points in time order. */
export interface LiveSeries {
  key: string;
  tags: Record<string, string>;
  times: number[];
  values: (number | null)[];
}

/** A stable key for a group's tags, whatever their order. */
export function seriesKey(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ''}`)
    .join(',');
}

/**
 * What a series is called in the legend: its group tags (`host=web-1, cpu=cpu0`), or `measurement.field` when the
 * query has no group; `aggregate` is added in front (`p95 of ...`) only for the ungrouped name.
 */
export function seriesName(measurement: string, field: string, tags: Record<string, string>, aggregate?: string | null): string {
  const key = Object.keys(tags)
    .sort()
    .map((name) => `${name}=${tags[name] ?? ''}`)
    .join(', ');
  if (key) return key;
  return aggregate ? `${aggregate}(${measurement}.${field})` : `${measurement}.${field}`;
}

/**
 * The series of a live chart: a snapshot replaces them, then `points` messages add the new points. A point at a time
 * the series already ends with replaces that value (the current bucket grows while it is open); points older than
 * the window's start are dropped so a chart left open does not grow without end.
 */
export class LiveSeriesStore {
  readonly #series = new Map<string, LiveSeries>();

  constructor(snapshot: MetricSeries[] = []) {
    this.reset(snapshot);
  }

  get series(): LiveSeries[] {
    return [...this.#series.values()];
  }

  reset(snapshot: MetricSeries[]): void {
    this.#series.clear();
    for (const item of snapshot) {
      const key = seriesKey(item.tags);
      this.#series.set(key, { key, tags: item.tags, times: [...item.times], values: [...item.values] });
    }
  }

  /** Adds new points; returns whether anything changed. */
  merge(incoming: MetricSeries[]): boolean {
    let changed = false;
    for (const item of incoming) {
      const key = seriesKey(item.tags);
      let target = this.#series.get(key);
      if (!target) {
        target = { key, tags: item.tags, times: [], values: [] };
        this.#series.set(key, target);
      }
      for (let index = 0; index < item.times.length; index++) {
        const time = item.times[index];
        const value = item.values[index] ?? null;
        if (time === undefined) continue;
        const last = target.times.length - 1;
        const lastTime = target.times[last];
        if (lastTime === undefined || time > lastTime) {
          target.times.push(time);
          target.values.push(value);
        } else if (time === lastTime) {
          target.values[last] = value;
        } else {
          // Late: put it in order (rare; the server sends only new points).
          const at = lowerBound(target.times, time);
          if (target.times[at] === time) target.values[at] = value;
          else {
            target.times.splice(at, 0, time);
            target.values.splice(at, 0, value);
          }
        }
        changed = true;
      }
    }
    return changed;
  }

  /** Drops points before `from` (epoch ms). */
  trim(from: number): void {
    for (const item of this.#series.values()) {
      const cut = lowerBound(item.times, from);
      if (cut > 0) {
        item.times.splice(0, cut);
        item.values.splice(0, cut);
      }
    }
  }
}

/**
 * Lines up series on one x axis for uPlot: when every series has the same times (buckets) they are used as they are;
 * otherwise the union of times, with null where a series has no point.
 */
export function alignSeries(series: { times: number[]; values: (number | null)[] }[]): ChartColumns {
  const first = series[0];
  if (!first) return [[]];
  if (series.every((item) => sameTimes(item.times, first.times))) return [first.times, ...series.map((item) => item.values)];

  const all = new Set<number>();
  for (const item of series) for (const time of item.times) all.add(time);
  const xs = [...all].sort((a, b) => a - b);
  const index = new Map(xs.map((time, position) => [time, position]));
  const columns = series.map((item) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    item.times.forEach((time, position) => {
      const at = index.get(time);
      if (at !== undefined) column[at] = item.values[position] ?? null;
    });
    return column;
  });
  return [xs, ...columns];
}

/** The last non-null value of a series (what the legend shows while the cursor is away). */
export function lastValue(values: (number | null)[]): number | null {
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

function sameTimes(a: number[], b: number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
