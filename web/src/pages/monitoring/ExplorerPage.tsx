import { useMemo, useState } from 'react';
import { MonitoringClient } from '../../api/monitoringClient';
import { COMPARE_OFFSETS, type CompareOffset, type PanelQuery, type SeriesInfo } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { drillQuery, drillTarget, PROCESS_MEASUREMENT, ROUTE_MEASUREMENT, type DrillStep } from '../../lib/drillDown';
import { rangeBounds, rangeQueryText, autoEvery } from '../../lib/timeRange';
import { AddToDashboard } from './AddToDashboard';
import { explorerQuery, filterTag, readExplorerState, withFilter, writeExplorerState, type ExplorerState } from './explorerState';
import { MetricChart } from './MetricChart';
import { MonitoringTabs } from './MonitoringTabs';
import { RangePicker } from './RangePicker';
import { downloadBlob } from './download';
import './monitoring.css';

export const AGGREGATES = ['raw', 'mean', 'min', 'max', 'sum', 'count', 'last', 'median', 'p95', 'p99'] as const;

/** The metric explorer: find a measurement, filter its series by tags, chart a field live, compare, drill down. */
export function ExplorerPage({ state: search }: { state: string }) {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const state = readExplorerState(search);
  const update = (change: Partial<ExplorerState>) => navigate(hrefOf({ page: 'monitoring-explore', state: writeExplorerState({ ...state, ...change }) }), { replace: true });

  const measurements = useResource((signal) => monitoring.measurements(signal), [monitoring]);
  const [filterText, setFilterText] = useState('');
  const drillStep = state.drill[state.drill.length - 1];
  const drillMeasurement = drillStep ? (drillStep.level === 'process' ? PROCESS_MEASUREMENT : ROUTE_MEASUREMENT) : '';
  const seriesMeasurement = drillMeasurement || state.measurement;
  const series = useResource((signal) => (seriesMeasurement ? monitoring.series(seriesMeasurement, '', 500, signal) : Promise.resolve([])), [monitoring, seriesMeasurement]);
  const fields = fieldsOf(series.data ?? []);
  const tags = tagValues(series.data ?? []);
  // Whether the drill-down's measurement has host-tagged series, asked of the store's tag index (one value is enough)
  // rather than read off a bounded series list, which may miss hosts when a measurement has many series.
  const hosts = useResource((signal) => (drillMeasurement ? monitoring.tagValues('host', drillMeasurement, 1, signal) : Promise.resolve([])), [monitoring, drillMeasurement]);
  const hostTagged = (hosts.data ?? []).length > 0;
  // Until that answer is in, a drill-down level has no query: charting it unscoped first would show every host's processes.
  const hostsKnown = hosts.data !== undefined || hosts.error !== undefined;

  // At the bottom of a drill-down the chart shows the step's query; otherwise the picked one.
  const picked = explorerQuery(state);
  const width = typeof window === 'undefined' ? 800 : Math.min(window.innerWidth, 1200);
  const withEvery = (query: PanelQuery | null): PanelQuery | null =>
    query && query.aggregate && !query.every ? { ...query, every: autoEvery(spanOf(state), width / 3) } : query;
  const query = withEvery(drillStep ? (hostsKnown ? drillQuery(drillStep, hostTagged) : null) : picked);
  const names = (measurements.data ?? []).filter((name) => name.toLowerCase().includes(filterText.trim().toLowerCase()));

  const drillTo = (tags: Record<string, string>) => {
    if (!query) return;
    const step = drillTarget(query, tags);
    if (step) update({ drill: [...state.drill, step] });
  };
  const exportCsv = async () => {
    if (!query) return;
    const blob = await monitoring.queryCsv({ ...query, ...rangeQueryText(state.range) });
    downloadBlob(blob, `${query.measurement}.${query.field}.csv`);
  };
  const [exportError, setExportError] = useState<string>();

  return (
    <>
      <PageHeader
        title="Metric explorer"
        breadcrumb={<Breadcrumb state={state} onTrail={(drill) => update({ drill })} />}
        subtitle="Pick a measurement and a field, filter its series by tags, and watch it live; compare with yesterday or another host, and drill down from a host to its processes and routes."
      />
      <MonitoringTabs current="explore" />
      <div className="explorer">
        <aside className="card explorer-side" aria-label="Measurements">
          <label className="field">
            <span>Search measurements</span>
            <input type="search" value={filterText} onChange={(event) => setFilterText(event.target.value)} placeholder="cpu, mem, http…" data-testid="measurement-search" />
          </label>
          <ErrorBanner message={measurements.error?.message} onRetry={measurements.reload} />
          <ul className="measurement-list" data-testid="measurement-list">
            {names.map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className={`measurement-item${name === state.measurement && !drillStep ? ' active' : ''}`}
                  onClick={() => update({ measurement: name, field: '', filters: [], groupBy: '', overlayTag: '', overlayValues: [], drill: [] })}
                  data-testid={`measurement-${name}`}
                >
                  {name}
                </button>
              </li>
            ))}
            {measurements.data && names.length === 0 && <li className="muted">No measurement matches.</li>}
          </ul>
        </aside>

        <section className="explorer-main">
          {state.measurement && !drillStep && (
            <div className="card explorer-query" data-testid="explorer-query">
              <div className="explorer-controls">
                <label className="field">
                  <span>Field</span>
                  <select value={state.field} onChange={(event) => update({ field: event.target.value })} data-testid="explorer-field">
                    <option value="">Pick a field…</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>
                        {field}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Aggregate</span>
                  <select value={state.aggregate} onChange={(event) => update({ aggregate: event.target.value })} data-testid="explorer-aggregate">
                    {AGGREGATES.map((aggregate) => (
                      <option key={aggregate} value={aggregate}>
                        {aggregate === 'raw' ? 'raw points' : aggregate}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Every</span>
                  <input value={state.every} placeholder="auto" onChange={(event) => update({ every: event.target.value.trim() })} disabled={state.aggregate === 'raw'} data-testid="explorer-every" />
                </label>
                <label className="field">
                  <span>Group by</span>
                  <input value={state.groupBy} placeholder={Object.keys(tags).join(',') || 'tags'} onChange={(event) => update({ groupBy: event.target.value })} data-testid="explorer-group-by" />
                </label>
                <label className="field">
                  <span>Compare with</span>
                  <select value={state.compare ?? ''} onChange={(event) => update({ compare: (event.target.value || null) as CompareOffset | null })} data-testid="explorer-compare">
                    <option value="">nothing</option>
                    {COMPARE_OFFSETS.map((offset) => (
                      <option key={offset} value={offset}>
                        {offset === '1d' ? 'the previous day' : 'the previous week'}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <TagFilters state={state} tags={tags} update={update} />
            </div>
          )}

          <div className="card explorer-chart">
            <div className="explorer-chart-bar">
              <RangePicker range={state.range} onChange={(range) => update({ range })} />
              {query && (
                <div className="explorer-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      setExportError(undefined);
                      exportCsv().catch((caught: unknown) => setExportError(caught instanceof Error ? caught.message : String(caught)));
                    }}
                    data-testid="export-csv"
                  >
                    Export CSV
                  </button>
                  <AddToDashboard monitoring={monitoring} query={query} compare={state.compare} />
                </div>
              )}
            </div>
            <ErrorBanner message={exportError} />
            {query ? (
              <>
                <p className="query-text" data-testid="query-text">
                  {describe(query)}
                </p>
                <MetricChart
                  key={`${JSON.stringify(query)}|${state.compare ?? ''}`}
                  query={query}
                  range={state.range}
                  compare={state.compare}
                  kind="line"
                  height={300}
                  testId="explorer-chart"
                  onSeries={drillTo}
                  seriesAction={(tags) => {
                    const step = drillTarget(query, tags);
                    return step ? (step.level === 'process' ? 'Processes' : 'Routes') : null;
                  }}
                />
              </>
            ) : (
              <p className="muted" data-testid="explorer-hint">
                {state.measurement ? 'Pick a field to draw.' : 'Pick a measurement on the left.'}
              </p>
            )}
          </div>
        </section>
      </div>
    </>
  );
}

/** Tag filters as chips (click one to remove it), the tag values to add one, and "host vs host". */
function TagFilters({ state, tags, update }: { state: ExplorerState; tags: Record<string, string[]>; update: (change: Partial<ExplorerState>) => void }) {
  const [tag, setTag] = useState('');
  const values = tags[tag] ?? [];
  const overlayValues = tags[state.overlayTag] ?? [];
  return (
    <div className="tag-filters">
      <div className="chips" data-testid="filter-chips">
        {state.filters.map((filter) => (
          <button key={filter} type="button" className="chip" onClick={() => update({ filters: state.filters.filter((item) => item !== filter) })} title="Remove this filter" data-testid="filter-chip">
            {filter} <span aria-hidden="true">×</span>
          </button>
        ))}
        {state.filters.length === 0 && <span className="muted">No tag filter: every series.</span>}
      </div>
      {Object.keys(tags).length > 0 && (
        <div className="tag-pick">
          <select value={tag} onChange={(event) => setTag(event.target.value)} aria-label="Tag" data-testid="filter-tag">
            <option value="">Filter on tag…</option>
            {Object.keys(tags).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {values.map((value) => (
            <button
              key={value}
              type="button"
              className={`chip-button${state.filters.includes(`${tag}=${value}`) ? ' chip-active' : ''}`}
              onClick={() => update({ filters: withFilter(state.filters, tag, value) })}
              data-testid="filter-value"
            >
              {value}
            </button>
          ))}
        </div>
      )}
      {Object.keys(tags).length > 0 && (
        <div className="tag-pick" data-testid="overlay">
          <select
            value={state.overlayTag}
            onChange={(event) => update({ overlayTag: event.target.value, overlayValues: [] })}
            aria-label="Compare the values of a tag"
            data-testid="overlay-tag"
          >
            <option value="">Side by side: pick a tag…</option>
            {Object.keys(tags).map((name) => (
              <option key={name} value={name}>
                {name} vs {name}
              </option>
            ))}
          </select>
          {overlayValues.map((value) => {
            const on = state.overlayValues.includes(value);
            return (
              <label key={value} className={`chip-button${on ? ' chip-active' : ''}`}>
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() => update({ overlayValues: on ? state.overlayValues.filter((item) => item !== value) : [...state.overlayValues, value], filters: state.filters.filter((filter) => filterTag(filter) !== state.overlayTag) })}
                  data-testid="overlay-value"
                />
                {value}
              </label>
            );
          })}
        </div>
      )}
    </div>
  );
}

function Breadcrumb({ state, onTrail }: { state: ExplorerState; onTrail: (drill: DrillStep[]) => void }) {
  return (
    <nav aria-label="Drill-down" className="drill-trail" data-testid="breadcrumb">
      <Link href="/monitoring">Monitoring</Link>{' '}
      {state.drill.length === 0 ? (
        <span>Explorer</span>
      ) : (
        <button type="button" className="link-button" onClick={() => onTrail([])} data-testid="crumb-0">
          {state.measurement || 'Explorer'}
        </button>
      )}
      {state.drill.map((step, index) => (
        <span key={`${step.level}-${step.label}`}>
          <span className="crumb-separator" aria-hidden="true">
            {' / '}
          </span>
          {index === state.drill.length - 1 ? (
            <span data-testid={`crumb-${index + 1}`}>
              {step.level === 'process' ? `processes of ${step.label}` : `routes (${step.label})`}
            </span>
          ) : (
            <button type="button" className="link-button" onClick={() => onTrail(state.drill.slice(0, index + 1))} data-testid={`crumb-${index + 1}`}>
              {step.level === 'process' ? `processes of ${step.label}` : `routes (${step.label})`}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

/** The query in the text forms of the API and CLI. */
export function describe(query: PanelQuery): string {
  const parts = [`${query.measurement}.${query.field}`];
  if (query.aggregate) parts.push(`${query.aggregate}${query.every ? ` every ${query.every}` : ''}`);
  if (query.where) parts.push(`where ${query.where}`);
  if (query.groupBy) parts.push(`by ${query.groupBy}`);
  return parts.join(' · ');
}

function fieldsOf(series: SeriesInfo[]): string[] {
  const names = new Set<string>();
  for (const item of series) for (const [field, type] of Object.entries(item.fields)) if (type !== 'string' && type !== 'boolean') names.add(field);
  return [...names].sort();
}

/** Each tag and its values across the series (at most 50 values a tag, sorted). */
export function tagValues(series: SeriesInfo[]): Record<string, string[]> {
  const tags: Record<string, Set<string>> = {};
  for (const item of series) for (const [tag, value] of Object.entries(item.tags)) (tags[tag] ??= new Set()).add(value);
  return Object.fromEntries(Object.entries(tags).map(([tag, values]) => [tag, [...values].sort().slice(0, 50)]));
}

function spanOf(state: ExplorerState): number {
  const bounds = rangeBounds(state.range, Date.now());
  return bounds.to - bounds.from;
}
