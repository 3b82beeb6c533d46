import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PanelKind } from '../../api/monitoringTypes';
import type { AlertBand } from '../../lib/alertBands';
import type { ChartColumns } from '../../lib/metricSeries';
import { chartOptions, type ChartSeriesStyle, type EventMarker } from './chartOptions';

interface UPlotChartProps {
  data: ChartColumns;
  series: ChartSeriesStyle[];
  kind: PanelKind;
  bands?: AlertBand[];
  /** Platform events drawn as vertical markers. */
  markers?: EventMarker[];
  /** The x range to show (epoch ms); the data's own range when absent. */
  xRange?: { from: number; to: number } | undefined;
  height?: number;
  testId?: string;
}

/**
 * One uPlot chart. It is made once per set of series (their labels, colours and dashes) and kind; new data goes
 * through setData, so a live update costs one redraw and no new canvas. The chart follows its container's width and
 * is destroyed on unmount. After each draw the container's `data-draws`, `data-series`, `data-points`,
 * `data-last-x`, `data-x-max` (the axis' end), `data-drawn-at`, `data-bands` and `data-markers` tell tests and the
 * benchmark what is on screen.
 */
export function UPlotChart({ data, series, kind, bands = NO_BANDS, markers = NO_MARKERS, xRange, height = 240, testId }: UPlotChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const bandsRef = useRef(bands);
  bandsRef.current = bands;
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const rangeRef = useRef(xRange);
  rangeRef.current = xRange;
  const shape = `${kind}|${series.map((style) => `${style.label}/${style.color}/${style.dashed ? 1 : 0}`).join('|')}`;

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    let draws = 0;
    const options = chartOptions({
      width: Math.max(120, element.clientWidth),
      height,
      kind,
      series,
      bands: () => bandsRef.current,
      // Where the bands landed, in canvas pixels ("firing:l,t,r,b;..."), for tests that read those pixels.
      onBandsDrawn: (drawn) => {
        element.dataset.bands = drawn.map((band) => `${band.state}:${[band.left, band.top, band.right, band.bottom].map(Math.round).join(',')}`).join(';');
      },
      markers: () => markersRef.current,
      // Where the markers landed ("deployment:x;..."), in canvas pixels.
      onMarkersDrawn: (drawn) => {
        element.dataset.markers = drawn.map((marker) => `${marker.kind}:${marker.x}`).join(';');
      },
      onDraw: (drawn) => {
        draws++;
        const xs = drawn.data[0];
        element.dataset.draws = String(draws);
        element.dataset.series = String(drawn.series.length - 1);
        element.dataset.points = String(xs.length);
        element.dataset.lastX = xs.length > 0 ? String(xs[xs.length - 1]) : '';
        element.dataset.xMax = String(drawn.scales.x?.max ?? '');
        // Wall-clock time of this draw, for the live-latency benchmark (point written → point drawn).
        element.dataset.drawnAt = String(performance.timeOrigin + performance.now());
      },
    });
    const created = new uPlot(options, data as uPlot.AlignedData, element);
    chart.current = created;
    applyRange(created, rangeRef.current);
    const observer = new ResizeObserver(() => {
      const width = Math.max(120, element.clientWidth);
      if (width !== created.width) created.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      created.destroy();
      chart.current = null;
    };
    // The chart is remade only when its shape changes; data, bands and range follow below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.setData(data as uPlot.AlignedData, xRange === undefined);
    applyRange(current, xRange);
  }, [data, xRange?.from, xRange?.to]);

  // New alert bands or markers without new data: redraw what is there.
  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [bands, markers]);

  return <div className="uplot-holder" ref={holder} data-testid={testId} role="img" aria-label={`Chart of ${series.map((style) => style.label).join(', ')}`} />;
}

const NO_BANDS: AlertBand[] = [];
const NO_MARKERS: EventMarker[] = [];

function applyRange(chart: uPlot, range: { from: number; to: number } | undefined): void {
  if (range) chart.setScale('x', { min: range.from, max: range.to });
}
