import type { AlertBandState, AlertStateInterval } from '../api/monitoringTypes';

/** A translucent band drawn behind a chart: where an alert was firing, pending or acknowledged. */
export interface AlertBand {
  from: number;
  to: number;
  state: AlertBandState;
  rules: string[];
}

/** Firing covers pending where they overlap; acknowledged sits between. */
const RANK: Record<AlertBandState, number> = { firing: 3, acknowledged: 2, pending: 1 };

/**
 * Turns alert state intervals into bands over [from, to]: open intervals (end null) run to `to`, each is clipped to
 * the view, and overlapping or touching intervals of one state become one band (with every rule named once).
 * Where states overlap, the higher one (firing > acknowledged > pending) wins and the lower is cut around it.
 */
export function computeBands(intervals: AlertStateInterval[], from: number, to: number): AlertBand[] {
  const clipped = intervals
    .map((interval) => ({ from: Math.max(interval.start, from), to: Math.min(interval.end ?? to, to), state: interval.state, rule: interval.ruleName }))
    .filter((interval) => interval.to > interval.from);

  // Cut the view at every edge, give each slice the highest state covering it, then join neighbours.
  const edges = [...new Set(clipped.flatMap((interval) => [interval.from, interval.to]))].sort((a, b) => a - b);
  const bands: AlertBand[] = [];
  for (let index = 0; index + 1 < edges.length; index++) {
    const start = edges[index] ?? 0;
    const end = edges[index + 1] ?? 0;
    const covering = clipped.filter((interval) => interval.from <= start && interval.to >= end);
    if (covering.length === 0) continue;
    const state = covering.reduce<AlertBandState>((best, interval) => (RANK[interval.state] > RANK[best] ? interval.state : best), 'pending');
    const rules = [...new Set(covering.filter((interval) => interval.state === state).map((interval) => interval.rule))];
    const previous = bands[bands.length - 1];
    if (previous && previous.state === state && previous.to === start) {
      previous.to = end;
      for (const rule of rules) if (!previous.rules.includes(rule)) previous.rules.push(rule);
    } else {
      bands.push({ from: start, to: end, state, rules });
    }
  }
  return bands;
}

export const BAND_COLORS: Record<AlertBandState, string> = {
  firing: 'rgba(220, 38, 38, 0.16)',
  pending: 'rgba(217, 119, 6, 0.14)',
  acknowledged: 'rgba(37, 99, 235, 0.12)',
};
