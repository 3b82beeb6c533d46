import { describe, expect, it } from 'vitest';
import type { SelectedTest, TestSelection } from '../../../api/testingTypes';
import { EMPTY_SELECTION_FORM, describeChange, groupByProject, runsSomething, selectionHeadline, selectionRequestOf } from './selection';

const test = (project: string, id: string, wholeFile = false): SelectedTest => ({ project, framework: project === 'web' ? 'jest' : 'pytest', id, file: id.split('::')[0]!, wholeFile, score: 0.5, reasons: [`${id} runs because`] });

function selection(patch: Partial<TestSelection> = {}): TestSelection {
  return {
    repository: 'shop',
    changes: { source: 'working-tree', files: [{ path: 'src/calc.py', kind: 'modified', lines: [{ start: 6, end: 6 }], oldLines: [], wholeFile: false, binary: false }], base: null, head: null, baseName: null, headName: null },
    mode: 'safe',
    confidence: 0.9,
    runAll: false,
    fallbacks: [],
    ignored: [],
    tests: [],
    dropped: [],
    projects: [],
    notes: [],
    knownTests: 0,
    ...patch,
  };
}

describe('selection form', () => {
  it('selectionRequestOf_WorkingTree_SafeByDefault', () => {
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: ' shop ' })).toEqual({ request: { repository: 'shop', mode: 'safe' } });
  });

  it('selectionRequestOf_Commits_FastWithConfidenceAsAFraction', () => {
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: 'shop', changes: 'commits', base: 'main', head: ' feature ', mode: 'fast', confidence: '75' })).toEqual({
      request: { repository: 'shop', base: 'main', head: 'feature', mode: 'fast', confidence: 0.75 },
    });
    // A blank head means HEAD: left out.
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: 'shop', changes: 'commits', base: 'HEAD~2', head: '' })).toEqual({ request: { repository: 'shop', base: 'HEAD~2', mode: 'safe' } });
  });

  it('selectionRequestOf_SaysWhatToFix', () => {
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM })).toEqual({ error: 'Choose a repository.' });
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: 'shop', changes: 'commits', base: ' ' })).toHaveProperty('error', expect.stringMatching(/base revision/));
    for (const confidence of ['0', '101', 'abc', '']) {
      expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: 'shop', mode: 'fast', confidence })).toHaveProperty('error', expect.stringMatching(/confidence/));
    }
    // The confidence is not checked in safe mode, where it means nothing.
    expect(selectionRequestOf({ ...EMPTY_SELECTION_FORM, repository: 'shop', confidence: 'abc' })).toHaveProperty('request');
  });
});

describe('selection result', () => {
  it('groupByProject_KeepsTheServerOrder', () => {
    const groups = groupByProject([test('.', 'tests/a.py::t1'), test('web', 'sum.test.js', true), test('.', 'tests/b.py', true)]);
    expect(groups.map((group) => [group.project, group.framework, group.tests.map((item) => item.id)])).toEqual([
      ['.', 'pytest', ['tests/a.py::t1', 'tests/b.py']],
      ['web', 'jest', ['sum.test.js']],
    ]);
  });

  it('selectionHeadline_EachCase', () => {
    expect(selectionHeadline(selection({ changes: { ...selection().changes, files: [] } }))).toBe('Nothing changed: no test needs to run.');
    expect(selectionHeadline(selection())).toBe('No test is affected by the change.');
    expect(selectionHeadline(selection({ tests: [test('.', 'tests/a.py', true)] }))).toBe('1 test file selected.');
    expect(selectionHeadline(selection({ tests: [test('.', 'tests/a.py::t1'), test('.', 'tests/a.py::t2'), test('.', 'tests/b.py', true)], knownTests: 12 }))).toBe(
      '1 test file and 2 tests selected (the coverage maps know 12 tests).',
    );
    expect(selectionHeadline(selection({ fallbacks: [{ file: 'pytest.ini', reason: 'pytest.ini changed' }], runAll: true }))).toMatch(/^Every test runs: a change has/);
  });

  it('runsSomething_AndDescribeChange', () => {
    expect(runsSomething(selection())).toBe(false);
    expect(runsSomething(selection({ runAll: true }))).toBe(true);
    expect(runsSomething(selection({ tests: [test('.', 'tests/a.py', true)] }))).toBe(true);
    expect(describeChange({ path: 'src/calc.py', kind: 'modified', lines: [{ start: 6, end: 6 }, { start: 9, end: 12 }], oldLines: [], wholeFile: false, binary: false })).toBe('src/calc.py:6, 9-12');
    expect(describeChange({ path: 'new.py', oldPath: 'old.py', kind: 'renamed', lines: [], oldLines: [], wholeFile: false, binary: false })).toBe('old.py → new.py');
    expect(describeChange({ path: 'data.bin', kind: 'added', lines: [], oldLines: [], wholeFile: true, binary: true })).toBe('data.bin (added)');
  });
});
