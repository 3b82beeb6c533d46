import uPlot from 'uplot';
import type { PanelKind } from '../../api/monitoringTypes';
import { BAND_COLORS, type AlertBand } from '../../lib/alertBands';

/** How one y column is drawn. */
export interface ChartSeriesStyle {
  label: string;
  color: string;
  /** The comparison overlay (the same series a day or a week earlier). */
  dashed?: boolean;
}

export const PALETTE = ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#dc2626', '#9333ea', '#0d9488', '#db2777', '#65a30d', '#475569'];

/**
 * uPlot's options for a chart; the benchmark (bench/dashboard) builds its chart with this same function.
 * Times are epoch milliseconds (`ms: 1`); uPlot's own legend is off (the page draws its own with values it can test).
 */
export function chartOptions(params: {
  width: number;
  height: number;
  kind: PanelKind;
  series: ChartSeriesStyle[];
  /** Read at every draw, so new bands need no new chart. */
  bands?: () => AlertBand[];
  /** Told where the bands were painted (canvas pixels), so tests can look at those pixels. */
  onBandsDrawn?: (drawn: DrawnBand[]) => void;
  /** Platform events drawn as vertical markers over the series; read at every draw like the bands. */
  markers?: () => EventMarker[];
  onMarkersDrawn?: (drawn: DrawnMarker[]) => void;
  onDraw?: (chart: uPlot) => void;
}): uPlot.Options {
  const bars = params.kind === 'bar' ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
  return {
    width: params.width,
    height: params.height,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#5b6474', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#e3e6ee' } },
      { stroke: '#5b6474', grid: { stroke: '#eef0f4' }, ticks: { stroke: '#e3e6ee' }, size: 56, values: (_chart, splits) => splits.map(compact) },
    ],
    series: [
      {},
      ...params.series.map((style): uPlot.Series => ({
        label: style.label,
        stroke: style.color,
        width: style.dashed ? 1.25 : 1.5,
        ...(style.dashed ? { dash: [6, 4] } : {}),
        ...(params.kind === 'area' && !style.dashed ? { fill: `${style.color}22` } : {}),
        ...(bars && !style.dashed ? { paths: bars, fill: `${style.color}99` } : {}),
        points: { show: false },
        spanGaps: false,
      })),
    ],
    plugins: [
      ...(params.bands ? [alertBandsPlugin(params.bands, params.onBandsDrawn)] : []),
      ...(params.markers ? [eventMarkersPlugin(params.markers, params.onMarkersDrawn)] : []),
    ],
    hooks: params.onDraw ? { draw: [params.onDraw] } : {},
  };
}

/** A band as painted: its state and its rectangle in canvas pixels. */
export interface DrawnBand {
  state: AlertBand['state'];
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Draws alert states as translucent bands behind the series (drawClear runs after clearing, before the series). */
export function alertBandsPlugin(bands: () => AlertBand[], onDrawn?: (drawn: DrawnBand[]) => void): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (chart: uPlot) => {
        const context = chart.ctx;
        const { top, height, left, width } = chart.bbox;
        const drawn: DrawnBand[] = [];
        context.save();
        for (const band of bands()) {
          const from = Math.max(left, chart.valToPos(band.from, 'x', true));
          const to = Math.min(left + width, chart.valToPos(band.to, 'x', true));
          if (to <= from) continue;
          context.fillStyle = BAND_COLORS[band.state];
          context.fillRect(from, top, to - from, height);
          drawn.push({ state: band.state, left: from, right: to, top, bottom: top + height });
        }
        context.restore();
        onDrawn?.(drawn);
      },
    },
  };
}

/** A platform event on the time axis. */
export interface EventMarker {
  at: number;
  kind: string;
  title: string;
}

/** A marker as painted: its kind and its x in canvas pixels. */
export interface DrawnMarker {
  kind: string;
  x: number;
}

const MARKER_COLORS: Record<string, string> = {
  deployment: '#2563eb',
  rollback: '#ea580c',
  'config-change': '#9333ea',
  restart: '#0d9488',
};

/** The colour of an event kind's marker: the known kinds have their own, collaborations and others a slate grey. */
export function markerColor(kind: string): string {
  return MARKER_COLORS[kind] ?? '#64748b';
}

/**
 * Draws platform events as dashed vertical lines over the series, each with a small triangle at the top, as
 * Grafana draws annotations: a deployment next to a latency step reads at a glance.
 */
export function eventMarkersPlugin(markers: () => EventMarker[], onDrawn?: (drawn: DrawnMarker[]) => void): uPlot.Plugin {
  return {
    hooks: {
      draw: (chart: uPlot) => {
        const context = chart.ctx;
        const { top, height, left, width } = chart.bbox;
        const pixel = uPlot.pxRatio;
        const drawn: DrawnMarker[] = [];
        context.save();
        for (const marker of markers()) {
          const x = Math.round(chart.valToPos(marker.at, 'x', true));
          if (x < left || x > left + width) continue;
          const color = markerColor(marker.kind);
          context.strokeStyle = color;
          context.fillStyle = color;
          context.lineWidth = pixel;
          context.setLineDash([4 * pixel, 3 * pixel]);
          context.beginPath();
          context.moveTo(x, top);
          context.lineTo(x, top + height);
          context.stroke();
          context.setLineDash([]);
          context.beginPath();
          context.moveTo(x - 5 * pixel, top);
          context.lineTo(x + 5 * pixel, top);
          context.lineTo(x, top + 7 * pixel);
          context.closePath();
          context.fill();
          drawn.push({ kind: marker.kind, x });
        }
        context.restore();
        onDrawn?.(drawn);
      },
    },
  };
}

/** Axis numbers short enough for a phone: 1200000 → 1.2M. */
export function compact(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e9) return `${trim(value / 1e9)}G`;
  if (size >= 1e6) return `${trim(value / 1e6)}M`;
  if (size >= 1e4) return `${trim(value / 1e3)}k`;
  return trim(value);
}

function trim(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
