import { describe, expect, it } from 'vitest';
import { alignSeries, lastValue, LiveSeriesStore, seriesKey, seriesName } from './metricSeries';

describe('seriesName', () => {
  it('namesAGroupByItsTags_InKeyOrder', () => {
    expect(seriesName('cpu', 'usage_user', { host: 'web-1', cpu: 'cpu0' }, 'mean')).toBe('cpu=cpu0, host=web-1');
  });

  it('namesAnUngroupedSeriesByMeasurementAndField_WithTheAggregate', () => {
    expect(seriesName('cpu', 'usage_user', {}, 'p95')).toBe('p95(cpu.usage_user)');
    expect(seriesName('mem', 'used', {}, null)).toBe('mem.used');
  });

  it('seriesKey_IgnoresTagOrder', () => {
    expect(seriesKey({ b: '2', a: '1' })).toBe(seriesKey({ a: '1', b: '2' }));
    expect(seriesKey({})).toBe('');
  });
});

describe('LiveSeriesStore', () => {
  it('merge_AppendsNewPoints_AndReplacesTheLastValueAtARepeatedTime', () => {
    const store = new LiveSeriesStore([{ tags: { host: 'a' }, times: [1000, 2000], values: [1, 2] }]);
    expect(store.merge([{ tags: { host: 'a' }, times: [2000, 3000], values: [5, 6] }])).toBe(true);
    expect(store.series).toEqual([{ key: 'host=a', tags: { host: 'a' }, times: [1000, 2000, 3000], values: [1, 5, 6] }]);
  });

  it('merge_AddsASeriesThatWasNotInTheSnapshot_AndPutsALatePointInOrder', () => {
    const store = new LiveSeriesStore([{ tags: { host: 'a' }, times: [1000, 3000], values: [1, 3] }]);
    store.merge([
      { tags: { host: 'b' }, times: [3000], values: [30] },
      { tags: { host: 'a' }, times: [2000], values: [2] },
    ]);
    expect(store.series.map((item) => [item.key, item.times, item.values])).toEqual([
      ['host=a', [1000, 2000, 3000], [1, 2, 3]],
      ['host=b', [3000], [30]],
    ]);
  });

  it('merge_OfNothing_ReportsNoChange', () => {
    const store = new LiveSeriesStore();
    expect(store.merge([{ tags: {}, times: [], values: [] }])).toBe(false);
  });

  it('trim_DropsPointsBeforeTheWindow_AndResetStartsOver', () => {
    const store = new LiveSeriesStore([{ tags: {}, times: [1000, 2000, 3000], values: [1, 2, 3] }]);
    store.trim(2000);
    expect(store.series[0]?.times).toEqual([2000, 3000]);
    store.reset([]);
    expect(store.series).toEqual([]);
  });

  it('doesNotShareArraysWithTheSnapshot', () => {
    const snapshot = { tags: {}, times: [1000], values: [1] };
    const store = new LiveSeriesStore([snapshot]);
    store.merge([{ tags: {}, times: [2000], values: [2] }]);
    expect(snapshot.times).toEqual([1000]);
  });
});

describe('alignSeries', () => {
  it('usesSharedTimesAsTheyAre', () => {
    const times = [1000, 2000];
    const data = alignSeries([
      { times, values: [1, 2] },
      { times: [1000, 2000], values: [3, null] },
    ]);
    expect(data).toEqual([[1000, 2000], [1, 2], [3, null]]);
    expect(data[0]).toBe(times);
  });

  it('unionsDifferentTimes_WithNullWhereASeriesHasNoPoint', () => {
    expect(
      alignSeries([
        { times: [1000, 3000], values: [1, 3] },
        { times: [2000, 3000], values: [20, 30] },
      ]),
    ).toEqual([
      [1000, 2000, 3000],
      [1, null, 3],
      [null, 20, 30],
    ]);
  });

  it('ofNoSeries_IsAnEmptyXAxis', () => {
    expect(alignSeries([])).toEqual([[]]);
  });

  it('lastValue_SkipsTrailingGaps', () => {
    expect(lastValue([1, 2, null])).toBe(2);
    expect(lastValue([null])).toBeNull();
  });
});
