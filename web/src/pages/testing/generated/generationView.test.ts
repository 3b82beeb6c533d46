import { describe, expect, it } from 'vitest';
import type { GenerationReport, TestCandidate } from '../../../api/testingTypes';
import { addedCoverageText, checkGenerate, codeOf, funnelOf, isBatchActive, keepSelectable, lineRanges, reasonOf, splitCandidates, toggleAll, toggleCandidate } from './generationView';

const candidate = (id: string, status: TestCandidate['status'], extra: Partial<TestCandidate> = {}): TestCandidate => ({
  id,
  origin: 'characterisation',
  target: 'calc/parse.py',
  function: 'parse_int',
  name: `test_${id}`,
  code: `def test_${id}():\n    assert True\n`,
  imports: [],
  status,
  reason: null,
  passes: 5,
  addedLines: [],
  addedBranches: 0,
  ...extra,
});

const candidates = [
  candidate('c1', 'kept', { addedLines: [3, 4, 5, 8] }),
  candidate('c2', 'failed-to-compile', { reason: "E   NameError: name 'nope' is not defined", passes: null }),
  candidate('c3', 'failed-runs', { reason: 'passed 3 of 5 runs; run 4: AssertionError', passes: 3 }),
  candidate('c4', 'no-coverage-gain', { reason: null }),
  candidate('c5', 'kept', { addedLines: [12], addedBranches: 2 }),
  candidate('c6', 'accepted'),
];

describe('generation review', () => {
  it('funnelOf_CountsEachFilterAndWhatStoppedThere', () => {
    const report = { tried: 6, compiled: 5, passedRuns: 4, addedCoverage: 3 } as GenerationReport;
    expect(funnelOf(report).map((step) => [step.label, step.count, step.dropped])).toEqual([
      ['tried', 6, 0],
      ['compiled', 5, 1],
      ['passed 5 of 5 runs', 4, 1],
      ['added coverage', 3, 1],
    ]);
  });

  it('funnelOf_CancelledBatch_PendingCandidatesAreNotDropped', () => {
    const report = {
      tried: 4,
      compiled: 1,
      passedRuns: 0,
      addedCoverage: 0,
      cancelled: true,
      candidates: [candidate('c1', 'failed-to-compile'), candidate('c2', 'pending', { passes: null }), candidate('c3', 'pending'), candidate('c4', 'pending')],
    } as GenerationReport;
    expect(funnelOf(report).map((step) => [step.label, step.dropped])).toEqual([
      ['tried', 0],
      ['compiled', 1],
      ['passed 5 of 5 runs', 0],
      ['added coverage', 0],
    ]);
  });

  it('splitCandidates_ReviewedAreThoseThatPassedEveryFilter_TheOthersSayWhy', () => {
    const { reviewed, stopped } = splitCandidates(candidates);
    expect(reviewed.map((item) => item.id)).toEqual(['c1', 'c5', 'c6']);
    expect(stopped.map((item) => reasonOf(item))).toEqual(["E   NameError: name 'nope' is not defined", 'passed 3 of 5 runs; run 4: AssertionError', 'no new coverage']);
  });

  it('selection_OnlyKeptCandidates_StaleChoicesFallAway', () => {
    let selected = toggleCandidate(new Set(), 'c1', candidates);
    selected = toggleCandidate(selected, 'c2', candidates);
    selected = toggleCandidate(selected, 'c6', candidates);
    expect([...selected]).toEqual(['c1']);
    expect([...toggleCandidate(selected, 'c1', candidates)]).toEqual([]);
    expect([...toggleAll(selected, candidates)].sort()).toEqual(['c1', 'c5']);
    expect([...toggleAll(new Set(['c1', 'c5']), candidates)]).toEqual([]);
    // Re-read after a review: c1 is accepted now, so it cannot stay chosen.
    const after = candidates.map((item) => (item.id === 'c1' ? { ...item, status: 'accepted' as const } : item));
    expect([...keepSelectable(new Set(['c1', 'c5']), after)]).toEqual(['c5']);
  });

  it('addedCoverage_AndLineRanges', () => {
    expect(lineRanges([8, 3, 4, 5, 10, 11, 4])).toBe('3-5, 8, 10-11');
    expect(lineRanges([])).toBe('');
    expect(addedCoverageText(candidates[0]!)).toBe('adds lines 3-5, 8');
    expect(addedCoverageText(candidates[4]!)).toBe('adds line 12 and 2 branches');
    expect(addedCoverageText(candidate('x', 'kept'))).toBe('adds coverage');
  });

  it('codeOf_PutsTheImportsFirst', () => {
    expect(codeOf(candidate('x', 'kept', { imports: ['import pytest', 'from calc.parse import parse_int'], code: 'def test_x():\n    pass\n' }))).toBe(
      'import pytest\nfrom calc.parse import parse_int\n\n\ndef test_x():\n    pass',
    );
  });

  it('isBatchActive_WhileQueuedOrGenerating', () => {
    expect(['queued', 'running', 'ready', 'failed', 'accepted', 'rejected'].map((status) => isBatchActive(status as never))).toEqual([true, true, false, false, false, false]);
  });

  it('checkGenerate_RepositoryRequired_FileInside_MaxInRange', () => {
    const form = { language: '' as const, useModel: true };
    expect(checkGenerate({ ...form, repository: 'calc', file: ' calc/parse.py ', max: '5' }).request).toEqual({ repository: 'calc', file: 'calc/parse.py', max: 5 });
    expect(checkGenerate({ ...form, repository: 'calc', file: '', max: '' }).request).toEqual({ repository: 'calc' });
    expect(checkGenerate({ repository: 'calc', file: '', max: '', language: 'javascript', useModel: false }).request).toEqual({ repository: 'calc', language: 'javascript', useModel: false });
    const bad = checkGenerate({ ...form, repository: '', file: '../etc/passwd', max: '0' });
    expect(bad.request).toBeUndefined();
    expect(Object.keys(bad.errors).sort()).toEqual(['file', 'max', 'repository']);
    expect(checkGenerate({ ...form, repository: 'calc', file: '/etc/passwd', max: '2.5' }).errors).toEqual({ file: ['A path inside the repository, such as calc/parse.py.'], max: ['A whole number from 1 to 100.'] });
  });
});
