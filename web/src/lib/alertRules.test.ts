import { describe, expect, it } from 'vitest';
import type { AlertRule, BacktestResult } from '../api/monitoringTypes';
import { computeBands } from './alertBands';
import {
  backtestIntervals,
  backtestQuery,
  describeCondition,
  draftFromRule,
  emptyDraft,
  labelText,
  parsePairs,
  parseWhere,
  ruleErrorsByField,
  ruleFromDraft,
  stateQuery,
  whereText,
} from './alertRules';

const stored: AlertRule = {
  id: 'rule_1',
  name: 'HighCpu',
  query: { measurement: 'cpu', field: 'usage', where: [{ key: 'host', operator: 'matches', value: '^web' }, { key: 'core', operator: 'not-equal', value: '0' }], groupBy: ['host'] },
  condition: { type: 'threshold', operator: '>=', threshold: 90.5, reducer: 'percentile', percentile: 95, window: '2m', sensitivity: null },
  for: '1m',
  interval: '10s',
  noData: 'ok',
  labels: { severity: 'critical' },
  annotations: { summary: 'CPU on {{ $labels.host }} is {{ $value }}' },
  enabled: false,
  createdBy: 'admin',
  createdAt: '2026-11-25T10:00:00Z',
  updatedAt: null,
};

describe('alert rule drafts', () => {
  it('draftFromRule_ThenRuleFromDraft_GivesTheRuleBack', () => {
    const draft = draftFromRule(stored);
    expect(draft.where).toBe('host=~^web,core!=0');
    expect(draft.labels).toBe('severity=critical');
    const { rule, errors } = ruleFromDraft(draft);
    expect(errors).toEqual({});
    const { id, createdBy, createdAt, updatedAt, ...input } = stored;
    expect(rule).toEqual(input);
    expect(rule).not.toHaveProperty('id', id);
  });

  it('ruleFromDraft_Anomaly_SendsNoOperatorThresholdOrPercentile', () => {
    const draft = { ...emptyDraft(), name: 'Odd', measurement: 'mem', type: 'anomaly' as const, threshold: '90', sensitivity: '6', percentile: '95' };
    const { rule, errors } = ruleFromDraft(draft);
    expect(errors).toEqual({});
    expect(rule.condition).toEqual({ type: 'anomaly', operator: null, threshold: null, reducer: 'last', percentile: null, window: null, sensitivity: 6 });
  });

  it('ruleFromDraft_EmptyThreshold_IsLeftToTheServer_ButTextIsNotANumber', () => {
    expect(ruleFromDraft({ ...emptyDraft(), threshold: '' }).rule.condition.threshold).toBeNull();
    const { errors } = ruleFromDraft({ ...emptyDraft(), threshold: 'ninety', where: 'host', labels: 'severity\n=x' });
    expect(errors['condition.threshold']).toEqual(["'ninety' is not a number."]);
    expect(errors['query.where']?.[0]).toContain("'host' is not a tag filter");
    expect(errors.labels).toEqual(["'severity' is not key=value.", "'=x' is not key=value."]);
  });

  it('parseWhere_ReadsEveryOperator_AsTheServerWritesThem', () => {
    expect(parseWhere(' host=web-1 , path=~^/var,dev!~loop\\d+ ,core!=0').filters).toEqual([
      { key: 'host', operator: 'equal', value: 'web-1' },
      { key: 'path', operator: 'matches', value: '^/var' },
      { key: 'dev', operator: 'not-matches', value: 'loop\\d+' },
      { key: 'core', operator: 'not-equal', value: '0' },
    ]);
    expect(whereText(parseWhere('host=web-1,core!=0').filters)).toBe('host=web-1,core!=0');
    expect(parseWhere('').filters).toEqual([]);
  });

  it('parsePairs_KeepsEqualsAndTemplatesInValues_AndFindsDuplicates', () => {
    expect(parsePairs('summary = a=b {{ $value }}\n\n team=ops').pairs).toEqual({ summary: 'a=b {{ $value }}', team: 'ops' });
    expect(parsePairs('a=1\na=2').errors).toEqual(["'a' is given twice."]);
  });
});

describe('ruleErrorsByField', () => {
  it('foldsIndexesNestedKeysAndTheBacktestPrefix_IntoFormFields', () => {
    expect(
      ruleErrorsByField({
        'query.where[0]': ['A matcher needs a label name.'],
        'rule.condition.threshold': ['A threshold needs a finite number to compare with.'],
        'rule.for': ["'abc' is not a duration."],
        'labels.team': ['bad'],
        Name: ['Name the rule.'],
        from: ['Give the start.'],
        'something.else': ['kept'],
      }),
    ).toEqual({
      'query.where': ['A matcher needs a label name.'],
      'condition.threshold': ['A threshold needs a finite number to compare with.'],
      for: ["'abc' is not a duration."],
      labels: ['bad'],
      name: ['Name the rule.'],
      from: ['Give the start.'],
      'something.else': ['kept'],
    });
  });

  it('doesNotConfuseAFieldWithALongerOne', () => {
    expect(ruleErrorsByField({ 'condition.window': ['w'], interval: ['i'] })).toEqual({ 'condition.window': ['w'], interval: ['i'] });
  });
});

describe('describeCondition', () => {
  it('readsLikeTheServer', () => {
    expect(describeCondition(stored)).toBe('p95 over 2m >= 90.5');
    expect(describeCondition({ condition: { ...stored.condition, reducer: 'last', window: null } })).toBe('last over 5m >= 90.5');
    expect(describeCondition({ condition: { ...stored.condition, type: 'anomaly', window: null } })).toBe('anomalous over 1h');
  });
});

const T0 = Date.parse('2026-11-25T10:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const result = (alerts: BacktestResult['alerts']): BacktestResult => ({
  rule: 'HighCpu',
  from: iso(0),
  to: iso(60),
  interval: '1m',
  evaluations: 61,
  seriesRead: 1,
  pointsRead: 60,
  alerts,
  transitions: [],
});

describe('backtestIntervals', () => {
  it('pendingUntilFired_FiringUntilResolved_OpenOnesRunToTheEnd', () => {
    const intervals = backtestIntervals(
      result([
        { labels: { host: 'a' }, activeAt: iso(10), firedAt: iso(12), resolvedAt: iso(20), finalState: 'resolved', peakValue: 99 },
        { labels: { host: 'b' }, activeAt: iso(30), firedAt: null, resolvedAt: iso(31), finalState: 'inactive', peakValue: 95 },
        { labels: { host: 'a' }, activeAt: iso(50), firedAt: iso(50), resolvedAt: null, finalState: 'firing', peakValue: 97 },
      ]),
    );
    expect(intervals.map((item) => [item.state, (item.start - T0) / 60_000, ((item.end ?? 0) - T0) / 60_000])).toEqual([
      ['pending', 10, 12],
      ['firing', 12, 20],
      ['pending', 30, 31],
      ['firing', 50, 60],
    ]);
    // The same drawing as live states: firing wins over pending, and bands are clipped to the view.
    expect(computeBands(intervals, T0 + 15 * 60_000, T0 + 60 * 60_000).map((band) => band.state)).toEqual(['firing', 'pending', 'firing']);
  });

  it('noData_IsNeitherPendingNorFiring_AfterItStarts', () => {
    const intervals = backtestIntervals(
      result([{ labels: {}, activeAt: iso(40), firedAt: null, resolvedAt: null, finalState: 'no-data', peakValue: null, noDataAt: iso(40) }]),
    );
    expect(intervals).toEqual([]);
  });
});

describe('backtestQuery', () => {
  const rule = ruleFromDraft(draftFromRule(stored)).rule;

  it('rawPointsUpToAnHour_WithTheRulesFiltersAndGroups', () => {
    expect(backtestQuery(rule, T0, T0 + 3_600_000)).toEqual({
      measurement: 'cpu',
      field: 'usage',
      from: '2026-11-25T10:00:00.000Z',
      to: '2026-11-25T11:00:00.000Z',
      where: 'host=~^web,core!=0',
      groupBy: 'host',
    });
  });

  it('longerRanges_AreBucketed_KeepingBreachesVisible', () => {
    const day = backtestQuery(rule, T0, T0 + 86_400_000);
    expect(day.aggregate).toBe('max');
    expect(day.every).toBeTruthy();
    const below = { ...rule, condition: { ...rule.condition, operator: '<' as const } };
    expect(backtestQuery(below, T0, T0 + 86_400_000).aggregate).toBe('min');
    const anomaly = { ...rule, condition: { ...rule.condition, type: 'anomaly' as const, operator: null } };
    expect(backtestQuery(anomaly, T0, T0 + 86_400_000).aggregate).toBe('mean');
  });
});

describe('stateQuery', () => {
  it('activeIsTheDefault_OthersPassThrough', () => {
    expect(stateQuery('active')).toBeUndefined();
    expect(stateQuery('all')).toBe('all');
    expect(stateQuery('no-data')).toBe('no-data');
  });
});

describe('labelText', () => {
  it('leavesOutAlertname', () => {
    expect(labelText({ alertname: 'HighCpu', host: 'web-1', severity: 'critical' })).toBe('host=web-1, severity=critical');
    expect(labelText({ alertname: 'HighCpu' })).toBe('');
  });
});
