import type { ChangedFile, SelectTestsRequest, SelectedTest, SelectionMode, TestSelection } from '../../../api/testingTypes';

/** What the "What would run?" form holds: the change is the working tree against HEAD, or base..head. */
export interface SelectionForm {
  repository: string;
  changes: 'working-tree' | 'commits';
  base: string;
  head: string;
  mode: SelectionMode;
  /** Fast mode's confidence in percent, as typed. */
  confidence: string;
}

export const EMPTY_SELECTION_FORM: SelectionForm = { repository: '', changes: 'working-tree', base: 'HEAD~1', head: 'HEAD', mode: 'safe', confidence: '90' };

/** The request the form stands for, or what to fix first (checked here as the server would, to answer at once). */
export function selectionRequestOf(form: SelectionForm): { request: SelectTestsRequest } | { error: string } {
  const repository = form.repository.trim();
  if (!repository) return { error: 'Choose a repository.' };
  const request: SelectTestsRequest = { repository, mode: form.mode };
  if (form.changes === 'commits') {
    const base = form.base.trim();
    if (!base) return { error: 'Name the base revision to compare with (a branch, tag or commit such as main or HEAD~1).' };
    request.base = base;
    if (form.head.trim()) request.head = form.head.trim();
  }
  if (form.mode === 'fast') {
    const confidence = Number(form.confidence.trim());
    if (!form.confidence.trim() || !Number.isFinite(confidence) || confidence <= 0 || confidence > 100) return { error: 'The confidence is a percentage above 0 and at most 100.' };
    request.confidence = confidence / 100;
  }
  return { request };
}

export interface ProjectGroup {
  project: string;
  framework: string;
  tests: SelectedTest[];
}

/** Selected tests by project, in the order the server ranked them (fast mode: by score). */
export function groupByProject(tests: readonly SelectedTest[]): ProjectGroup[] {
  const groups = new Map<string, ProjectGroup>();
  for (const test of tests) {
    const key = `${test.project}\u0000${test.framework}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { project: test.project, framework: test.framework, tests: [] }));
    group.tests.push(test);
  }
  return [...groups.values()];
}

/** One sentence on what would run. */
export function selectionHeadline(selection: TestSelection): string {
  const changed = selection.changes.files.length;
  if (changed === 0) return 'Nothing changed: no test needs to run.';
  if (selection.runAll) return `Every test runs: ${selection.fallbacks.length === 1 ? 'a change has' : `${selection.fallbacks.length} changes have`} an effect on the tests that cannot be narrowed down.`;
  if (selection.tests.length === 0) return `No test is affected by the ${changed === 1 ? 'change' : `${changed} changed files`}.`;
  const files = selection.tests.filter((test) => test.wholeFile).length;
  const tests = selection.tests.length - files;
  const parts = [files > 0 ? `${files} test file${files === 1 ? '' : 's'}` : '', tests > 0 ? `${tests} test${tests === 1 ? '' : 's'}` : ''].filter(Boolean);
  const of = selection.knownTests > 0 ? ` (the coverage maps know ${selection.knownTests} tests)` : '';
  return `${parts.join(' and ')} selected${of}.`;
}

/** `src/calc.py:6-7`, `old.py → new.py`, `data.bin (added)`. */
export function describeChange(file: ChangedFile): string {
  if (file.kind === 'renamed' && file.oldPath) return `${file.oldPath} → ${file.path}`;
  if (file.wholeFile || file.lines.length === 0) return `${file.path} (${file.kind})`;
  return `${file.path}:${file.lines.map((range) => (range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`)).join(', ')}`;
}

/** Whether starting a run of the selection would run anything. */
export function runsSomething(selection: TestSelection): boolean {
  return selection.runAll || selection.tests.length > 0;
}
