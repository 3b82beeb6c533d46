import { useMemo } from 'react';
import type { CompareOffset, PanelKind, PanelQuery } from '../../api/monitoringTypes';
import { computeBands } from '../../lib/alertBands';
import { alignSeries, lastValue, seriesName, type LiveSeries } from '../../lib/metricSeries';
import { autoEvery, rangeBounds, type TimeRange } from '../../lib/timeRange';
import { markerColor, PALETTE, type ChartSeriesStyle, type EventMarker } from './chartOptions';
import { UPlotChart } from './UPlotChart';
import { useAlertStates, useLiveQuery, usePlatformEvents, type LiveStatus } from './useLiveQuery';

interface MetricChartProps {
  query: PanelQuery | null;
  range: TimeRange;
  compare: CompareOffset | null;
  kind: PanelKind;
  height?: number;
  testId: string;
  /** A click on a legend entry (drill-down); absent, entries are not buttons. */
  onSeries?: (tags: Record<string, string>) => void;
  seriesAction?: (tags: Record<string, string>) => string | null;
}

const STATUS_TEXT: Record<LiveStatus, string> = {
  loading: 'Loading…',
  live: 'Live',
  polling: 'Live (polling)',
  paused: 'Paused (tab hidden)',
  fixed: 'Fixed range',
  failed: 'Failed',
};

/** A query drawn live with its legend (name and last value of each series) and the alert bands of its measurement. */
export function MetricChart({ query: asked, range, compare, kind, height = 240, testId, onSeries, seriesAction }: MetricChartProps) {
  // An aggregate without a bucket would be one value over the whole range: a chart needs buckets.
  const query = asked?.aggregate && !asked.every ? { ...asked, every: autoEvery(spanOf(range), 400) } : asked;
  const live = useLiveQuery(query, range, compare);
  const states = useAlertStates(query?.measurement, live.bounds);
  const bands = useMemo(() => computeBands(states, live.bounds.from, live.bounds.to), [states, live.bounds.from, live.bounds.to]);
  const events = usePlatformEvents(live.bounds, kind !== 'stat' && query !== null, query?.where ?? '');
  const markers = useMemo<EventMarker[]>(
    () => events.filter((event) => event.at >= live.bounds.from && event.at <= live.bounds.to).map((event) => ({ at: event.at, kind: event.kind, title: event.title })),
    [events, live.bounds.from, live.bounds.to],
  );

  const { data, styles } = useMemo(() => {
    const shown: LiveSeries[] = [...live.series, ...live.compare];
    const styles: ChartSeriesStyle[] = [
      ...live.series.map((item, index) => ({ label: name(query, item), color: PALETTE[index % PALETTE.length] ?? '#4f46e5' })),
      ...live.compare.map((item, index) => ({ label: `${name(query, item)} (${compare ?? ''} earlier)`, color: PALETTE[index % PALETTE.length] ?? '#4f46e5', dashed: true })),
    ];
    return { data: alignSeries(shown), styles };
    // version stands for the stores' contents, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.version, compare]);

  const xRange = range.kind === 'absolute' || live.status === 'live' || live.status === 'polling' ? live.bounds : undefined;
  const empty = live.series.every((item) => item.times.length === 0);

  return (
    <div className="metric-chart" data-testid={testId} data-status={live.status}>
      <div className="metric-chart-status">
        <span className={`live-dot live-${live.status}`} aria-hidden="true" />
        <span data-testid={`${testId}-status`}>{STATUS_TEXT[live.status]}</span>
        {bands.length > 0 && (
          <span className="band-note" data-testid={`${testId}-bands`}>
            {bands.length} alert {bands.length === 1 ? 'interval' : 'intervals'}: {[...new Set(bands.flatMap((band) => band.rules))].join(', ')}
          </span>
        )}
        {markers.length > 0 && kind !== 'stat' && (
          <span className="event-note" data-testid={`${testId}-events`} title={markers.map(markerText).join('\n')} tabIndex={0}>
            {markers.length === 1 ? (
              <>
                <span className="event-swatch" style={{ background: markerColor(markers[0]!.kind) }} aria-hidden="true" />
                {markerText(markers[0]!)}
              </>
            ) : (
              `${markers.length} events: ${[...new Set(markers.map((marker) => marker.kind))].join(', ')}`
            )}
          </span>
        )}
      </div>
      {live.error && (
        <p className="metric-chart-error" role="alert" data-testid={`${testId}-error`}>
          {live.error}
        </p>
      )}
      {kind === 'stat' ? (
        <StatValue series={live.series} testId={testId} />
      ) : empty ? (
        // uPlot cannot lay out axes without any point (its splits stay null), so it waits for the first one.
        <div className="chart-placeholder" style={{ height }} />
      ) : (
        <UPlotChart data={data} series={styles} kind={kind} bands={bands} markers={markers} xRange={xRange} height={height} testId={`${testId}-canvas`} />
      )}
      {!empty && live.status !== 'loading' && (
        <ul className="metric-legend" data-testid={`${testId}-legend`}>
          {live.series.map((item, index) => {
            const value = lastValue(item.values);
            const action = seriesAction?.(item.tags) ?? null;
            const label = name(query, item);
            return (
              <li key={item.key} data-series={item.key} data-value={value ?? ''}>
                <span className="legend-swatch" style={{ background: PALETTE[index % PALETTE.length] }} aria-hidden="true" />
                <span className="legend-name">{label}</span>
                <span className="legend-value">{formatValue(value)}</span>
                {onSeries && action && (
                  <button type="button" className="button button-small button-ghost legend-drill" onClick={() => onSeries(item.tags)} data-testid="legend-drill">
                    {action}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {empty && live.status !== 'loading' && !live.error && <p className="muted metric-empty">No points in this range.</p>}
    </div>
  );
}

function StatValue({ series, testId }: { series: LiveSeries[]; testId: string }) {
  const first = series[0];
  const value = first ? lastValue(first.values) : null;
  return (
    <div className="stat-value" data-testid={`${testId}-stat`} data-value={value ?? ''}>
      {formatValue(value)}
    </div>
  );
}

/** "14:02 deployment: api v2", in the viewer's time zone. */
function markerText(marker: EventMarker): string {
  const time = new Date(marker.at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${time} ${marker.kind}: ${marker.title}`;
}

function name(query: PanelQuery | null, item: LiveSeries): string {
  return query ? seriesName(query.measurement, query.field, item.tags, query.aggregate) : item.key;
}

/** A value for the legend: up to 4 significant digits, thousands grouped. */
export function formatValue(value: number | null): string {
  if (value === null) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function spanOf(range: TimeRange): number {
  const bounds = rangeBounds(range, Date.now());
  return bounds.to - bounds.from;
}
