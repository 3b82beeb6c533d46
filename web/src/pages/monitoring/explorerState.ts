import { COMPARE_OFFSETS, type CompareOffset, type PanelQuery } from '../../api/monitoringTypes';
import type { DrillStep } from '../../lib/drillDown';
import { formatRange, parseRange, type TimeRange } from '../../lib/timeRange';

/** Everything the explorer shows, kept in its address so a chart is a link and reload keeps it. */
export interface ExplorerState {
  measurement: string;
  field: string;
  /** Tag filters, each in the text form `host=web-1`, `path=~^/var`. */
  filters: string[];
  aggregate: string;
  every: string;
  groupBy: string;
  range: TimeRange;
  compare: CompareOffset | null;
  /** Host vs host: a tag and the values to draw side by side. */
  overlayTag: string;
  overlayValues: string[];
  drill: DrillStep[];
}

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', span: '1h' };

export function readExplorerState(search: string): ExplorerState {
  const query = new URLSearchParams(search);
  const compare = query.get('compare');
  return {
    measurement: query.get('m') ?? '',
    field: query.get('f') ?? '',
    filters: query.getAll('tag').filter(Boolean),
    aggregate: query.get('agg') ?? 'mean',
    every: query.get('every') ?? '',
    groupBy: query.get('by') ?? '',
    range: parseRange(query.get('range')) ?? DEFAULT_RANGE,
    compare: compare && (COMPARE_OFFSETS as readonly string[]).includes(compare) ? (compare as CompareOffset) : null,
    overlayTag: query.get('overlay') ?? '',
    overlayValues: (query.get('values') ?? '').split(',').filter(Boolean),
    drill: readDrill(query.get('drill')),
  };
}

export function writeExplorerState(state: ExplorerState): string {
  const query = new URLSearchParams();
  if (state.measurement) query.set('m', state.measurement);
  if (state.field) query.set('f', state.field);
  for (const filter of state.filters) query.append('tag', filter);
  if (state.aggregate !== 'mean') query.set('agg', state.aggregate);
  if (state.every) query.set('every', state.every);
  if (state.groupBy) query.set('by', state.groupBy);
  const range = formatRange(state.range);
  if (range !== formatRange(DEFAULT_RANGE)) query.set('range', range);
  if (state.compare) query.set('compare', state.compare);
  // The tag alone is kept too: it is picked before its values.
  if (state.overlayTag) query.set('overlay', state.overlayTag);
  if (state.overlayTag && state.overlayValues.length > 0) query.set('values', state.overlayValues.join(','));
  if (state.drill.length > 0) query.set('drill', JSON.stringify(state.drill));
  return query.toString();
}

/**
 * The query the explorer's chart runs: the picked one, with "host vs host" turned into a regex filter on the tag and
 * a group by it, so each chosen value is its own series. `aggregate` "raw" means no aggregate (raw points).
 */
export function explorerQuery(state: ExplorerState): PanelQuery | null {
  if (!state.measurement || !state.field) return null;
  const filters = [...state.filters];
  const groups = state.groupBy.split(',').map((part) => part.trim()).filter(Boolean);
  if (state.overlayTag && state.overlayValues.length > 0) {
    filters.push(`${state.overlayTag}=~^(${state.overlayValues.map(escapeRegex).join('|')})$`);
    if (!groups.includes(state.overlayTag) && !groups.includes('*')) groups.push(state.overlayTag);
  }
  const query: PanelQuery = { measurement: state.measurement, field: state.field };
  if (filters.length > 0) query.where = filters.join(',');
  if (state.aggregate && state.aggregate !== 'raw') query.aggregate = state.aggregate;
  if (state.every && query.aggregate) query.every = state.every;
  if (groups.length > 0) query.groupBy = groups.join(',');
  return query;
}

/** Adds `tag=value` to the filters, replacing another filter on the same tag. */
export function withFilter(filters: string[], tag: string, value: string): string[] {
  return [...filters.filter((filter) => filterTag(filter) !== tag), `${tag}=${value}`];
}

/** The tag a filter is on: `host=web-1` → host, `path=~^/var` → path. */
export function filterTag(filter: string): string {
  const match = /^([^=!]+)(?:=~|!~|!=|=)/.exec(filter);
  return match?.[1] ?? filter;
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function readDrill(text: string | null): DrillStep[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (step): step is DrillStep =>
        step !== null && typeof step === 'object' && (step.level === 'process' || step.level === 'route') && typeof step.label === 'string' && step.tags !== null && typeof step.tags === 'object',
    );
  } catch {
    return [];
  }
}
