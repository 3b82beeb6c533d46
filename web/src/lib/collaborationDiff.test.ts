import { describe, expect, it } from 'vitest';
import type { SubtaskDiff } from '../api/types';
import { sampleDiff } from '../testing/collaborationSamples';
import { changeLabel, changeRows, collapseDiff, diffStats, diffSummary, parseDiffLine, sideDuration } from './collaborationDiff';

const side = (overrides: Partial<NonNullable<SubtaskDiff['left']>> = {}) => ({
  status: 'succeeded' as const,
  agent: 'devops-engineer',
  attempts: 1,
  durationMs: 1500,
  error: null,
  output: null,
  ...overrides,
});

describe('parseDiffLine', () => {
  it.each([
    ['-  "a": 1', { kind: 'removed', text: '  "a": 1' }],
    ['+  "a": 2', { kind: 'added', text: '  "a": 2' }],
    [' }', { kind: 'context', text: '}' }],
    ['', { kind: 'context', text: '' }],
    ['-', { kind: 'removed', text: '' }],
  ])('%j', (line, expected) => {
    expect(parseDiffLine(line)).toEqual(expected);
  });
});

describe('collapseDiff', () => {
  const context = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ` line ${from + i}`);

  it('keepsThreeLinesAroundAChange_FoldsTheRest', () => {
    const lines = [...context(10), '-old', '+new', ...context(10, 10)];
    const rows = collapseDiff(lines);
    expect(rows[0]).toEqual({ kind: 'skipped', count: 7 });
    expect(rows.slice(1, 4).map((r) => ('text' in r ? r.text : r.count))).toEqual(['line 7', 'line 8', 'line 9']);
    expect(rows[4]).toEqual({ kind: 'removed', text: 'old' });
    expect(rows[5]).toEqual({ kind: 'added', text: 'new' });
    expect(rows[rows.length - 1]).toEqual({ kind: 'skipped', count: 7 });
    expect(rows).toHaveLength(1 + 3 + 2 + 3 + 1);
  });

  it('aSingleHiddenLine_IsShownRatherThanFolded', () => {
    const rows = collapseDiff([...context(4), '+x'], 3);
    expect(rows.every((r) => r.kind !== 'skipped')).toBe(true);
    expect(rows).toHaveLength(5);
  });

  it('changesCloseTogether_ShareTheirContext', () => {
    const rows = collapseDiff(['-a', ...context(5), '+b'], 3);
    expect(rows.some((r) => r.kind === 'skipped')).toBe(false);
  });

  it('onlyContext_FoldsEntirely', () => {
    expect(collapseDiff(context(6))).toEqual([{ kind: 'skipped', count: 6 }]);
  });

  it('empty_IsEmpty', () => {
    expect(collapseDiff([])).toEqual([]);
  });
});

describe('diffStats', () => {
  it('countsAddedAndRemoved', () => {
    expect(diffStats(['{', '-a', '-b', '+c', '}'])).toEqual({ added: 1, removed: 2 });
  });
});

describe('changeRows', () => {
  it('listsStatusAgentAttemptsAndError_OldToNew_NotTheOutput', () => {
    const rows = changeRows({
      id: 'b',
      changes: ['status', 'agent', 'attempts', 'output', 'error'],
      left: side({ status: 'failed', agent: 'data-scientist', attempts: 2, error: 'boom' }),
      right: side(),
      outputDiff: ['-x', '+y'],
    });
    expect(rows).toEqual([
      { change: 'status', label: 'Status', from: 'failed', to: 'succeeded' },
      { change: 'agent', label: 'Agent', from: 'data-scientist', to: 'devops-engineer' },
      { change: 'attempts', label: 'Attempts', from: '2', to: '1' },
      { change: 'error', label: 'Error', from: 'boom', to: 'none' },
    ]);
  });

  it('aSubtaskOnOneSideOnly_HasNoRows', () => {
    expect(changeRows({ id: 'z', changes: ['only-right'], left: null, right: side(), outputDiff: [] })).toEqual([]);
  });
});

describe('labels and counts', () => {
  it('changeLabel_NamesTheSideOfOneSidedSubtasks', () => {
    const diff = sampleDiff();
    expect(changeLabel('only-left', diff)).toBe('only in col_0001');
    expect(changeLabel('only-right', diff)).toBe('only in col_0002');
    expect(changeLabel('attempts', diff)).toBe('attempts');
  });

  it('diffSummary_CountsChangedAndUnchanged', () => {
    expect(diffSummary(sampleDiff())).toEqual({ unchanged: 1, changed: 1, text: '1 subtask changed, 1 unchanged' });
    expect(diffSummary({ unchanged: 4, subtasks: [] })).toEqual({ unchanged: 4, changed: 0, text: 'All 4 subtasks unchanged' });
  });

  it('sideDuration_DashWhenAbsent', () => {
    expect(sideDuration(null)).toBe('—');
    expect(sideDuration(side({ durationMs: 1500 }))).toBe('1.5 s');
  });
});
