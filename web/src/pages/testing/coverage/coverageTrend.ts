import type { CoverageTrendPoint } from '../../../api/testingTypes';
import type { ChartBox } from '../historyChart';

export interface TrendPoint {
  x: number;
  /** Null when the run had nothing of that metric to measure (no branches): no marker, and the line breaks there. */
  lineY: number | null;
  branchY: number | null;
  point: CoverageTrendPoint;
}

export interface TrendLayout {
  points: TrendPoint[];
  linePath: string;
  branchPath: string;
  /** y of each grid line: 0, 25, 50, 75 and 100 %. */
  grid: { percent: number; y: number }[];
}

/**
 * Lays out a repository's coverage over runs (oldest first, as the API sends them) on a fixed 0-100 % axis, so that
 * two charts, or two visits, compare by eye. A run without branches breaks the branch line rather than dropping to 0.
 */
export function layoutTrend(points: readonly CoverageTrendPoint[], box: ChartBox): TrendLayout {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
  const yOf = (percent: number) => round(box.top + plotHeight - (Math.max(0, Math.min(100, percent)) / 100) * plotHeight);
  const laid = points.map<TrendPoint>((point, index) => ({
    x: round(points.length > 1 ? box.left + index * step : box.left + plotWidth / 2),
    lineY: point.totals.linePercent === null ? null : yOf(point.totals.linePercent),
    branchY: point.totals.branchPercent === null ? null : yOf(point.totals.branchPercent),
    point,
  }));
  return {
    points: laid,
    linePath: pathOf(laid.map((point) => [point.x, point.lineY])),
    branchPath: pathOf(laid.map((point) => [point.x, point.branchY])),
    grid: [0, 25, 50, 75, 100].map((percent) => ({ percent, y: yOf(percent) })),
  };
}

/** A polyline that lifts the pen over missing values. */
function pathOf(points: readonly (readonly [number, number | null])[]): string {
  const parts: string[] = [];
  let drawing = false;
  for (const [x, y] of points) {
    if (y === null) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${x} ${y}`);
    drawing = true;
  }
  return parts.join(' ');
}

/** The change of line coverage from the first to the last run with one, in points; null with fewer than two. */
export function trendChange(points: readonly CoverageTrendPoint[]): number | null {
  const measured = points.filter((point) => point.totals.linePercent !== null);
  if (measured.length < 2) return null;
  return measured[measured.length - 1]!.totals.linePercent! - measured[0]!.totals.linePercent!;
}

const round = (value: number) => Math.round(value * 10) / 10;
