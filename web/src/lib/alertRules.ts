import type {
  AlertConditionType,
  AlertRule,
  AlertRuleInput,
  AlertStateInterval,
  BacktestResult,
  ComparisonOperator,
  RangeQuery,
  Reducer,
  TagFilterJson,
  TagOperator,
} from '../api/monitoringTypes';
import { autoEvery } from './timeRange';

/** The rule editor's form: every control holds text, so what the user typed survives a failed save. */
export interface RuleDraft {
  name: string;
  type: AlertConditionType;
  measurement: string;
  field: string;
  /** Tag filters in the query text form: `host=web-1,core!=0,path=~^/var`. */
  where: string;
  /** Comma-separated tags, or `*`. */
  groupBy: string;
  reducer: Reducer;
  operator: ComparisonOperator;
  threshold: string;
  percentile: string;
  window: string;
  sensitivity: string;
  for: string;
  interval: string;
  noData: 'no-data' | 'ok';
  /** One `key=value` per line. */
  labels: string;
  annotations: string;
  enabled: boolean;
}

/** The form's fields, named by the keys the server's validation uses, so its errors land under the right control. */
export const RULE_FIELDS = [
  'name',
  'query.measurement',
  'query.field',
  'query.where',
  'query.groupBy',
  'condition.type',
  'condition.operator',
  'condition.threshold',
  'condition.reducer',
  'condition.percentile',
  'condition.window',
  'condition.sensitivity',
  'for',
  'interval',
  'noData',
  'labels',
  'annotations',
  'from',
  'to',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export const REDUCERS: Reducer[] = ['last', 'mean', 'min', 'max', 'sum', 'count', 'median', 'stddev', 'percentile'];
export const OPERATORS: ComparisonOperator[] = ['>', '>=', '<', '<=', '==', '!='];

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    type: 'threshold',
    measurement: '',
    field: 'value',
    where: '',
    groupBy: '',
    reducer: 'last',
    operator: '>',
    threshold: '',
    percentile: '',
    window: '',
    sensitivity: '',
    for: '0s',
    interval: '5s',
    noData: 'no-data',
    labels: '',
    annotations: '',
    enabled: true,
  };
}

export function draftFromRule(rule: AlertRule): RuleDraft {
  const condition = rule.condition;
  return {
    name: rule.name,
    type: condition.type,
    measurement: rule.query.measurement,
    field: rule.query.field,
    where: whereText(rule.query.where ?? []),
    groupBy: (rule.query.groupBy ?? []).join(','),
    reducer: condition.reducer ?? 'last',
    operator: condition.operator ?? '>',
    threshold: numberText(condition.threshold),
    percentile: numberText(condition.percentile),
    window: condition.window ?? '',
    sensitivity: numberText(condition.sensitivity),
    for: rule.for || '0s',
    interval: rule.interval || '5s',
    noData: rule.noData ?? 'no-data',
    labels: pairsText(rule.labels ?? {}),
    annotations: pairsText(rule.annotations ?? {}),
    enabled: rule.enabled,
  };
}

/**
 * The rule the API takes, or the mistakes the form can see itself (a number that is not one, a filter or label line
 * that cannot be read), keyed as the server keys them. Durations and everything else are left to the server, whose
 * messages say what to write.
 */
export function ruleFromDraft(draft: RuleDraft): { rule: AlertRuleInput; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const add = (field: RuleField, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  const where = parseWhere(draft.where);
  for (const message of where.errors) add('query.where', message);
  const labels = parsePairs(draft.labels);
  for (const message of labels.errors) add('labels', message);
  const annotations = parsePairs(draft.annotations);
  for (const message of annotations.errors) add('annotations', message);
  const number = (field: RuleField, text: string): number | null => {
    if (text.trim() === '') return null;
    const value = Number(text.trim());
    if (!Number.isFinite(value)) add(field, `'${text.trim()}' is not a number.`);
    return Number.isFinite(value) ? value : null;
  };

  const threshold = draft.type === 'threshold';
  const rule: AlertRuleInput = {
    name: draft.name.trim(),
    query: {
      measurement: draft.measurement.trim(),
      field: draft.field.trim(),
      where: where.filters,
      groupBy: draft.groupBy
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    },
    condition: {
      type: draft.type,
      operator: threshold ? draft.operator : null,
      threshold: threshold ? number('condition.threshold', draft.threshold) : null,
      reducer: threshold ? draft.reducer : 'last',
      percentile: threshold && draft.reducer === 'percentile' ? number('condition.percentile', draft.percentile) : null,
      window: draft.window.trim() || null,
      sensitivity: threshold ? null : number('condition.sensitivity', draft.sensitivity),
    },
    for: draft.for.trim() || '0s',
    interval: draft.interval.trim() || '5s',
    noData: draft.noData,
    labels: labels.pairs,
    annotations: annotations.pairs,
    enabled: draft.enabled,
  };
  return { rule, errors };
}

const FILTER = /^([^=!~\s]+)\s*(=~|!~|!=|=)\s*(.+)$/;
const OPERATOR_OF: Record<string, TagOperator> = { '=': 'equal', '!=': 'not-equal', '=~': 'matches', '!~': 'not-matches' };
const SYMBOL_OF: Record<TagOperator, string> = { equal: '=', 'not-equal': '!=', matches: '=~', 'not-matches': '!~' };

/** Tag filters in the query text form (the same syntax the server's `where` reads), each mistake named. */
export function parseWhere(text: string): { filters: TagFilterJson[]; errors: string[] } {
  const filters: TagFilterJson[] = [];
  const errors: string[] = [];
  for (const part of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const match = FILTER.exec(part);
    const operator = match ? OPERATOR_OF[match[2] ?? ''] : undefined;
    if (!match || !operator) {
      errors.push(`'${part}' is not a tag filter: write key=value, key!=value, key=~regex or key!~regex.`);
      continue;
    }
    filters.push({ key: match[1] ?? '', operator, value: (match[3] ?? '').trim() });
  }
  return { filters, errors };
}

export function whereText(filters: TagFilterJson[]): string {
  return filters.map((filter) => `${filter.key}${SYMBOL_OF[filter.operator] ?? '='}${filter.value}`).join(',');
}

/** `key=value` lines (blank lines skipped; the value may hold `=` and templates such as `{{ $value }}`). */
export function parsePairs(text: string): { pairs: Record<string, string>; errors: string[] } {
  const pairs: Record<string, string> = {};
  const errors: string[] = [];
  for (const line of text.split('\n').map((item) => item.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key) {
      errors.push(`'${line}' is not key=value.`);
      continue;
    }
    if (key in pairs) errors.push(`'${key}' is given twice.`);
    pairs[key] = line.slice(at + 1).trim();
  }
  return { pairs, errors };
}

function pairsText(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The server's error keys brought to the form's fields: `rule.` (a backtest's body) dropped, list indexes and
 * nested keys folded into their field (`query.where[0]` → `query.where`, `labels.team` → `labels`); a key of no field
 * is kept as it is, so sortFieldErrors shows it above the form.
 */
export function ruleErrorsByField(errors: Record<string, string[]>): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  const fields = [...RULE_FIELDS].sort((a, b) => b.length - a.length);
  for (const [key, messages] of Object.entries(errors)) {
    const bare = key.replace(/^\$\.?/, '').replace(/^rule\./i, '');
    const lower = bare.toLowerCase();
    const field = fields.find((name) => {
      const candidate = name.toLowerCase();
      return lower === candidate || lower.startsWith(`${candidate}.`) || lower.startsWith(`${candidate}[`);
    });
    const target = field ?? key;
    byField[target] = [...(byField[target] ?? []), ...messages];
  }
  return byField;
}

/** "mean over 5m > 90" / "anomalous over 1h", as the server describes a condition. */
export function describeCondition(rule: Pick<AlertRule, 'condition'>): string {
  const condition = rule.condition;
  if (condition.type === 'anomaly') return `anomalous over ${condition.window ?? '1h'}`;
  const reducer = condition.reducer === 'percentile' ? `p${condition.percentile ?? '?'}` : condition.reducer;
  return `${reducer} over ${condition.window ?? '5m'} ${condition.operator ?? '?'} ${condition.threshold ?? '?'}`;
}

/**
 * Where a backtest says the rule would have been pending and firing, as intervals computeBands draws: pending from
 * activation until it fired (or cleared), firing until it resolved, either running to the range's end when it did not.
 */
export function backtestIntervals(result: BacktestResult, ruleId = 'backtest'): AlertStateInterval[] {
  const end = Date.parse(result.to);
  const intervals: AlertStateInterval[] = [];
  for (const alert of result.alerts) {
    const active = Date.parse(alert.activeAt);
    const fired = alert.firedAt ? Date.parse(alert.firedAt) : null;
    const resolved = alert.resolvedAt ? Date.parse(alert.resolvedAt) : null;
    const base = { ruleId, ruleName: result.rule, labels: alert.labels };
    const noData = alert.noDataAt ? Date.parse(alert.noDataAt) : null;
    const pendingEnd = fired ?? noData ?? resolved ?? end;
    if (pendingEnd > active) intervals.push({ ...base, state: 'pending', start: active, end: pendingEnd });
    if (fired !== null) intervals.push({ ...base, state: 'firing', start: fired, end: resolved ?? end });
  }
  return intervals.sort((a, b) => a.start - b.start);
}

/**
 * The rule's query over the backtest's range, for drawing under its bands: raw points up to an hour, beyond that
 * buckets of at most ~600 per series, reduced the way that keeps breaches visible (the max for `>`, the min for `<`).
 */
export function backtestQuery(rule: AlertRuleInput, from: number, to: number): RangeQuery {
  const query: RangeQuery = {
    measurement: rule.query.measurement,
    field: rule.query.field,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  };
  const where = whereText(rule.query.where);
  if (where) query.where = where;
  if (rule.query.groupBy.length > 0) query.groupBy = rule.query.groupBy.join(',');
  if (to - from > 3_600_000) {
    const operator = rule.condition.type === 'threshold' ? rule.condition.operator : null;
    query.aggregate = operator === '>' || operator === '>=' ? 'max' : operator === '<' || operator === '<=' ? 'min' : 'mean';
    query.every = autoEvery(to - from, 600);
  }
  return query;
}

/** The alert states a history can be filtered by; `active` is the API's default (pending, firing, no-data, error). */
export const HISTORY_STATES = ['active', 'all', 'firing', 'pending', 'resolved', 'inactive', 'no-data', 'error'] as const;
export type HistoryState = (typeof HISTORY_STATES)[number];

/** The `state` query value of `/alerts` for a filter (undefined: the active ones). */
export function stateQuery(state: HistoryState): string | undefined {
  return state === 'active' ? undefined : state;
}

/** An alert's labels as `key=value, ...`, without `alertname`, which every alert of a rule carries. */
export function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}
