import type { TestCaseHistoryEntry, TestOutcome } from '../../api/testingTypes';
import { timeSpanMs } from './testingText';

export interface ChartPoint {
  x: number;
  /** Null when the run has no duration (skipped, or a report without times): a marker on the axis, no line. */
  y: number | null;
  outcome: TestOutcome;
  durationMs: number | null;
  entry: TestCaseHistoryEntry;
}

export interface ChartLayout {
  points: ChartPoint[];
  /** The duration the top of the plot stands for, rounded up to a readable value. */
  maxMs: number;
  /** y of the average line, when there is an average. */
  averageY: number | null;
  /** The polyline through the timed points, oldest to newest. */
  path: string;
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Lays out a test's history (entries newest first, as the API sends them) oldest to newest from left to right, with
 * durations scaled to a rounded maximum so the axis reads well.
 */
export function layoutHistory(entries: readonly TestCaseHistoryEntry[], box: ChartBox, averageMs: number | null = null): ChartLayout {
  const ordered = [...entries].reverse();
  const durations = ordered.map((entry) => timeSpanMs(entry.duration));
  const maxMs = niceCeiling(Math.max(0, averageMs ?? 0, ...durations.map((d) => d ?? 0)));
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const step = ordered.length > 1 ? plotWidth / (ordered.length - 1) : 0;
  const yOf = (ms: number) => box.top + plotHeight - (maxMs > 0 ? (ms / maxMs) * plotHeight : 0);
  const points = ordered.map<ChartPoint>((entry, index) => {
    const durationMs = durations[index] ?? null;
    return {
      x: round(ordered.length > 1 ? box.left + index * step : box.left + plotWidth / 2),
      y: durationMs === null || entry.outcome === 'skipped' ? null : round(yOf(durationMs)),
      outcome: entry.outcome,
      durationMs,
      entry,
    };
  });
  const timed = points.filter((point) => point.y !== null);
  return {
    points,
    maxMs,
    averageY: averageMs === null ? null : round(yOf(averageMs)),
    path: timed.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' '),
  };
}

/** 1, 2 or 5 times a power of ten at or above `value` (0 stays 0... but an empty axis gets 1 ms). */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}

const round = (value: number) => Math.round(value * 10) / 10;
