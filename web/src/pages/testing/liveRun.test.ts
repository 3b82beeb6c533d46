import { describe, expect, it } from 'vitest';
import type { TestRunEvent, TestRunView } from '../../api/testingTypes';
import { LiveRunFold, PrefixFold, groupCases, progressOf } from './liveRun';
import { formatTestDuration, timeSpanMs } from './testingText';

const totals = (passed: number, failed: number, flaky: number, skipped = 0) => ({
  total: passed + failed + flaky + skipped,
  passed,
  failed,
  errored: 0,
  skipped,
  flaky,
  suiteErrors: 0,
  duration: '00:00:00.0300000',
});

const run = (status: TestRunView['status'], overrides: Partial<TestRunView> = {}): TestRunView => ({
  id: 'trun_1',
  repository: 'calc',
  project: null,
  framework: null,
  tests: [],
  retries: 1,
  timeoutSeconds: null,
  trigger: 'api',
  requestedBy: 'admin',
  commitSha: null,
  branch: null,
  status,
  createdAt: '2026-11-24T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  totals: totals(0, 0, 0),
  error: null,
  ...overrides,
});

/** A pytest run as the server records it: one project, a passing, a failing, a skipped and a flaky (retried) case. */
function log(): TestRunEvent[] {
  let sequence = 0;
  const at = '2026-11-24T10:00:01Z';
  const e = (type: string, data: Record<string, unknown>, project: string | null = '.'): TestRunEvent => ({ sequence: ++sequence, type, at, project, data });
  return [
    e('queued', run('queued') as unknown as Record<string, unknown>, null),
    e('started', { commitSha: 'abcdef1234', branch: 'main' }, null),
    e('detected', { repository: 'calc', projects: [{ root: '.', framework: 'pytest', name: 'calc', variant: null, testFileCount: 1 }], warnings: [] }, null),
    e('run-started', { type: 'run-started', name: 'calc', framework: 'pytest' }),
    e('suite-started', { type: 'suite-started', suiteKey: 's1', name: 'tests/test_calc.py', file: 'tests/test_calc.py' }),
    e('case-started', { type: 'case-started', suiteKey: 's1', caseKey: 'c1', id: 'tests/test_calc.py::test_add', name: 'test_add', file: 'tests/test_calc.py', line: 3 }),
    e('output', { type: 'output', caseKey: 'c1', stream: 'stdout', text: 'adding\n' }),
    e('passed', { type: 'passed', caseKey: 'c1', outcome: 'passed', duration: '00:00:00.0012000', failures: [] }),
    e('case-started', { type: 'case-started', suiteKey: 's1', caseKey: 'c2', id: 'tests/test_calc.py::test_div', name: 'test_div' }),
    e('failed', {
      type: 'failed',
      caseKey: 'c2',
      outcome: 'failed',
      duration: '00:00:00.0020000',
      failures: [{ kind: 'assertion', message: 'assert 2 == 3', type: 'AssertionError', stack: 'def test_div():\n>   assert 2 == 3' }],
    }),
    e('case-started', { type: 'case-started', suiteKey: 's1', caseKey: 'c3', id: 'tests/test_calc.py::test_later', name: 'test_later' }),
    e('skipped', { type: 'skipped', caseKey: 'c3', outcome: 'skipped', skip: { message: 'not yet' } }),
    e('case-started', { type: 'case-started', suiteKey: 's1', caseKey: 'c4', id: 'tests/test_calc.py::test_flaky', name: 'test_flaky' }),
    e('failed', { type: 'failed', caseKey: 'c4', outcome: 'failed', failures: [{ kind: 'assertion', message: 'first time', type: null, stack: null }] }),
    e('attempt', { type: 'attempt', caseKey: 'c4', attempt: { number: 1, outcome: 'failed', duration: '00:00:00.0010000', failure: { kind: 'assertion', message: 'first time' } } }),
    e('attempt', { type: 'attempt', caseKey: 'c4', attempt: { number: 2, outcome: 'passed', duration: '00:00:00.0008000' } }),
    e('passed', { type: 'passed', caseKey: 'c4', outcome: 'flaky', duration: '00:00:00.0010000', failures: [] }),
    e('suite-finished', { type: 'suite-finished', suiteKey: 's1', errors: [] }),
    e('run-finished', { type: 'run-finished' }),
    e('project-finished', { root: '.', framework: 'pytest', exitCode: 1, timedOut: false, error: null, totals: totals(1, 1, 1, 1) }),
    e('finished', run('failed', { totals: totals(1, 1, 1, 1), commitSha: 'abcdef1234', finishedAt: '2026-11-24T10:00:02Z' }) as unknown as Record<string, unknown>, null),
  ];
}

describe('LiveRunFold', () => {
  it('countsEachOutcome_AndARetriedCaseOnceWithItsLastWord', () => {
    const fold = LiveRunFold.of(log());
    expect(fold.counts).toMatchObject({ passed: 1, failed: 1, skipped: 1, flaky: 1, errored: 0, started: 4, finished: 4 });
    expect(fold.status).toBe('failed');
    expect(fold.totals?.total).toBe(4);
    expect(fold.commitSha).toBe('abcdef1234');
    const project = fold.projects.get('.');
    expect(project).toMatchObject({ name: 'calc', framework: 'pytest', state: 'finished', exitCode: 1, testFileCount: 1 });
    expect(project?.counts).toMatchObject({ passed: 1, failed: 1, skipped: 1, flaky: 1 });
  });

  it('keepsFailuresAttemptsOutputAndSkipReasons', () => {
    const fold = LiveRunFold.of(log());
    const byName = (name: string) => [...fold.cases.values()].find((c) => c.name === name);
    expect(byName('test_add')).toMatchObject({ outcome: 'passed', durationMs: 1.2, stdout: 'adding\n', file: 'tests/test_calc.py', line: 3 });
    expect(byName('test_div')?.failures[0]).toEqual({ kind: 'assertion', message: 'assert 2 == 3', type: 'AssertionError', stack: 'def test_div():\n>   assert 2 == 3' });
    expect(byName('test_later')).toMatchObject({ outcome: 'skipped', skipMessage: 'not yet' });
    const flaky = byName('test_flaky');
    expect(flaky?.outcome).toBe('flaky');
    expect(flaky?.failures).toEqual([]);
    expect(flaky?.attempts.map((a) => [a.number, a.outcome, a.failure?.message ?? null])).toEqual([
      [1, 'failed', 'first time'],
      [2, 'passed', null],
    ]);
  });

  it('followsTheCurrentTest_WhileEventsArrive', () => {
    const events = log();
    const fold = new LiveRunFold();
    for (const event of events.slice(0, 6)) fold.apply(event);
    expect(fold.status).toBe('running');
    expect(fold.current?.name).toBe('test_add');
    expect(fold.counts.finished).toBe(0);
    expect(fold.projects.get('.')?.state).toBe('running');
    for (const event of events.slice(6, 10)) fold.apply(event);
    expect(fold.current).toBeNull();
    expect(fold.counts).toMatchObject({ passed: 1, failed: 1, finished: 2 });
  });

  it('aReadAnsweredAfterTheStreamMovedOn_DoesNotTakeTheStatusBack', () => {
    const fold = new LiveRunFold();
    for (const event of log().slice(0, 2)) fold.apply(event);
    expect(fold.status).toBe('running');
    // The page's first GET was answered while the run was still queued, and arrived after `started`.
    fold.setRun(run('queued'));
    expect(fold.status).toBe('running');
    fold.setRun(run('failed'));
    expect(fold.status).toBe('failed');
    fold.setRun(run('running'));
    expect(fold.status).toBe('failed');
  });

  it('anEventSeenAgain_AfterAReconnect_ChangesNothing', () => {
    const events = log();
    const fold = LiveRunFold.of(events.slice(0, 10));
    const version = fold.version;
    for (const event of events.slice(5, 10)) fold.apply(event);
    expect(fold.version).toBe(version);
    expect(fold.counts).toMatchObject({ passed: 1, failed: 1, finished: 2, started: 2 });
  });

  it('casesNamedWithoutAStart_FromAnImportedReport_StillCount', () => {
    const fold = LiveRunFold.of([{ sequence: 1, type: 'failed', at: 'x', project: 'api', data: { caseKey: 'c9', outcome: 'errored', failures: [] } }]);
    expect(fold.counts).toMatchObject({ errored: 1, started: 1, finished: 1 });
    expect(fold.projects.get('api')?.suiteKeys).toHaveLength(1);
  });

  it('nestedSuites_ShowTheirPath_AndSuiteErrorsAreKept', () => {
    const fold = LiveRunFold.of([
      { sequence: 1, type: 'suite-started', at: 'x', project: '.', data: { suiteKey: 's1', name: 'Cart' } },
      { sequence: 2, type: 'suite-started', at: 'x', project: '.', data: { suiteKey: 's2', parentKey: 's1', name: 'totals' } },
      { sequence: 3, type: 'suite-finished', at: 'x', project: '.', data: { suiteKey: 's2', errors: [{ kind: 'error', message: 'setup failed' }] } },
    ]);
    const nested = fold.suites.get('.\u0000s2');
    expect(nested?.path).toEqual(['Cart', 'totals']);
    expect(nested?.errors[0]?.message).toBe('setup failed');
  });

  it('cancelAndDroppedEvents_AreNoted', () => {
    const fold = LiveRunFold.of([
      { sequence: 1, type: 'cancel-requested', at: 'x', project: null, data: { requestedBy: 'ops' } },
      { sequence: 2, type: 'events-dropped', at: 'x', project: '.', data: { limit: 10 } },
    ]);
    expect(fold.cancelRequestedBy).toBe('ops');
    expect(fold.eventsDropped).toBe(true);
  });
});

describe('PrefixFold', () => {
  it('appliesOnlyNewEventsForward_AndFoldsAgainWhenMovingBack', () => {
    const events = log();
    const prefix = new PrefixFold();
    const first = prefix.at(events, 8);
    expect(first.counts.finished).toBe(1);
    const later = prefix.at(events, events.length);
    expect(later).toBe(first);
    expect(later.counts).toMatchObject({ passed: 1, failed: 1, skipped: 1, flaky: 1 });
    const back = prefix.at(events, 3);
    expect(back).not.toBe(first);
    expect(back.counts.finished).toBe(0);
    expect(back.projects.get('.')?.state).toBe('waiting');
    expect(prefix.at(events, 999).status).toBe('failed');
  });
});

describe('groupCases', () => {
  it('filtersByOutcome_AndSearchesIdsNamesAndFiles', () => {
    const fold = LiveRunFold.of(log());
    const names = (filter: Parameters<typeof groupCases>[1], query = '') =>
      groupCases(fold, filter, query).flatMap((g) => g.suites.flatMap((s) => s.cases.map((c) => c.name)));
    expect(names('all')).toEqual(['test_add', 'test_div', 'test_later', 'test_flaky']);
    expect(names('failed')).toEqual(['test_div']);
    expect(names('problems')).toEqual(['test_div', 'test_flaky']);
    expect(names('all', 'DIV')).toEqual(['test_div']);
    expect(names('all', 'test_calc.py::test_fl')).toEqual(['test_flaky']);
    expect(names('errored')).toEqual([]);
  });
});

describe('progressOf', () => {
  it('usesTheExpectedTotal_ThenProjects_AndIsFullWhenFinished', () => {
    const events = log();
    const fold = LiveRunFold.of(events.slice(0, 10));
    expect(progressOf(fold, 4)).toEqual({ value: 0.5, basis: 'cases' });
    expect(progressOf(fold, null)).toEqual({ value: 0, basis: 'projects' });
    expect(progressOf(new LiveRunFold(), null)).toEqual({ value: 0, basis: 'none' });
    expect(progressOf(LiveRunFold.of(events), 4)).toEqual({ value: 1, basis: 'cases' });
  });
});

describe('timeSpanMs', () => {
  it.each([
    ['00:00:01.2340000', 1234],
    ['00:01:00', 60_000],
    ['1.02:00:00', 93_600_000],
    ['00:00:00.0005000', 0.5],
    ['nonsense', null],
    [null, null],
  ])('%s', (text, expected) => {
    const ms = timeSpanMs(text);
    if (expected === null) expect(ms).toBeNull();
    else expect(ms).toBeCloseTo(expected, 6);
  });

  it('formatsShortDurationsWithTheirFraction', () => {
    expect(formatTestDuration('00:00:00.0012000')).toBe('1.2 ms');
    expect(formatTestDuration('00:00:00.0005000')).toBe('0.50 ms');
    expect(formatTestDuration('00:00:02.5000000')).toBe('2.5 s');
    expect(formatTestDuration(null)).toBe('—');
  });
});
