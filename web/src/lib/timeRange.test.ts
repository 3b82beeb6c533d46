import { describe, expect, it } from 'vitest';
import { autoEvery, formatDuration, formatRange, parseDuration, parseRange, rangeBounds, rangeQueryText } from './timeRange';

describe('durations', () => {
  it.each<[string, number | null]>([
    ['250ms', 250],
    ['90s', 90_000],
    ['90', 90_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['7d', 604_800_000],
    ['1w', 604_800_000],
    ['0s', null],
    ['5x', null],
    ['', null],
    ['-5m', null],
  ])('parseDuration(%s) = %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('formatDuration_PicksTheLargestWholeUnit', () => {
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(86_400_000 * 14)).toBe('2w');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});

describe('ranges', () => {
  it('readsPresetsAndCustomRanges', () => {
    expect(parseRange('6h')).toEqual({ kind: 'relative', span: '6h' });
    expect(parseRange('2026-11-25T10:00:00Z..2026-11-25T11:00:00Z')).toEqual({ kind: 'absolute', from: Date.parse('2026-11-25T10:00:00Z'), to: Date.parse('2026-11-25T11:00:00Z') });
    expect(parseRange('1764064800000..1764068400000')).toEqual({ kind: 'absolute', from: 1764064800000, to: 1764068400000 });
  });

  it.each(['', 'soon', '2026-11-25T11:00:00Z..2026-11-25T10:00:00Z', 'a..b', '1h..2h..3h'])('rejects %j', (text) => {
    expect(parseRange(text)).toBeNull();
  });

  it('roundTripsThroughTheAddress', () => {
    for (const text of ['24h', '2026-11-25T10:00:00.000Z..2026-11-25T11:00:00.000Z']) expect(formatRange(parseRange(text)!)).toBe(text);
  });

  it('boundsOfARelativeRangeEndNow_AndItsQueryTextIsRelative', () => {
    expect(rangeBounds({ kind: 'relative', span: '5m' }, 1_000_000)).toEqual({ from: 700_000, to: 1_000_000 });
    expect(rangeQueryText({ kind: 'relative', span: '5m' })).toEqual({ from: 'now-5m' });
    expect(rangeQueryText({ kind: 'absolute', from: 0, to: 1000 })).toEqual({ from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:01.000Z' });
  });

  it('autoEvery_PicksANiceBucketForThePointBudget', () => {
    expect(autoEvery(3_600_000, 400)).toBe('10s');
    expect(autoEvery(300_000, 1000)).toBe('1s');
    expect(autoEvery(7 * 86_400_000, 400)).toBe('30m');
  });
});
