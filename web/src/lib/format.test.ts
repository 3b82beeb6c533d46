import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative, splitList } from './format';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [-1, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [1234, '1.2 s'],
    [42_000, '42 s'],
    [185_000, '3 min 5 s'],
    [3_720_000, '1 h 2 min'],
  ])('%s_Is_%s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-01-02T12:00:00Z');
  it.each([
    ['2026-01-02T11:59:55Z', 'just now'],
    ['2026-01-02T11:59:30Z', '30 s ago'],
    ['2026-01-02T11:55:00Z', '5 min ago'],
    ['2026-01-02T09:00:00Z', '3 h ago'],
    ['2025-12-28T12:00:00Z', '5 d ago'],
    [null, '—'],
    ['not a date', '—'],
  ])('%s_Is_%s', (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });
});

describe('splitList', () => {
  it('trimsDropsEmptiesAndDuplicates', () => {
    expect(splitList(' command, files,,llm , command ,')).toEqual(['command', 'files', 'llm']);
    expect(splitList('   ')).toEqual([]);
  });
});
