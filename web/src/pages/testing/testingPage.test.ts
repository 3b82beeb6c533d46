import { describe, expect, it } from 'vitest';
import { areaOf, hrefOf, matchRoute, type Route } from '../../app/routes';
import type { TestCaseHistoryEntry, ToolchainReport } from '../../api/testingTypes';
import { layoutHistory, niceCeiling } from './historyChart';
import { projectKey, toolchainOf } from './runForm';

describe('testing routes', () => {
  it.each<[string, string, Route]>([
    ['/testing', '', { page: 'testing' }],
    ['/testing', '?repository=shop&framework=pytest&status=failed', { page: 'testing', repository: 'shop', framework: 'pytest', status: 'failed' }],
    ['/testing', '?status=bogus', { page: 'testing' }],
    ['/testing/slowest', '?repository=shop', { page: 'testing', tab: 'slowest', repository: 'shop' }],
    ['/testing/failing', '', { page: 'testing', tab: 'failing' }],
    ['/testing/flaky', '?repository=calc', { page: 'testing', tab: 'flaky', repository: 'calc' }],
    ['/testing/generated', '', { page: 'testing', tab: 'generated' }],
    ['/testing/notifications', '', { page: 'testing', tab: 'notifications' }],
    ['/testing/generated/tgen_1', '', { page: 'test-generation', id: 'tgen_1' }],
    ['/testing/runs/trun_1', '', { page: 'test-run', id: 'trun_1' }],
    ['/testing/tests', '?id=tests%2Ftest_calc.py%3A%3Atest_add&repository=calc', { page: 'test-history', id: 'tests/test_calc.py::test_add', repository: 'calc' }],
    ['/testing/tests', '', { page: 'not-found', path: '/testing/tests' }],
    ['/testing/runs', '', { page: 'not-found', path: '/testing/runs' }],
    ['/testing/other', '', { page: 'not-found', path: '/testing/other' }],
  ])('%s%s', (path, search, route) => {
    expect(matchRoute(path, search)).toEqual(route);
    expect(areaOf(route)).toBe(route.page === 'not-found' ? null : 'testing');
  });

  it('hrefOf_RoundTrips', () => {
    const routes: Route[] = [
      { page: 'testing' },
      { page: 'testing', tab: 'failing', repository: 'a b', framework: 'go-test' },
      { page: 'test-run', id: 'trun_1' },
      { page: 'test-generation', id: 'tgen_a/b' },
      { page: 'testing', tab: 'flaky', repository: 'calc' },
      { page: 'test-history', id: 'pkg/calc::TestAdd/sub case', repository: 'calc' },
    ];
    for (const route of routes) {
      const url = new URL(hrefOf(route), 'http://x');
      expect(matchRoute(url.pathname, url.search)).toEqual(route);
    }
    expect(hrefOf({ page: 'testing', tab: 'runs' })).toBe('/testing');
  });
});

const entry = (runId: string, outcome: TestCaseHistoryEntry['outcome'], duration: string | null): TestCaseHistoryEntry => ({
  runId,
  repository: 'calc',
  at: '2026-11-24T10:00:00Z',
  outcome,
  duration,
  attempts: 1,
  failureMessage: null,
  commitSha: null,
});

describe('layoutHistory', () => {
  const box = { width: 120, height: 110, left: 10, right: 10, top: 10, bottom: 0 };

  it('putsTheOldestRunLeft_ScalesToARoundMaximum_AndSkipsUntimedRunsInTheLine', () => {
    // Newest first, as the API sends them.
    const layout = layoutHistory([entry('r3', 'failed', '00:00:00.0400000'), entry('r2', 'skipped', null), entry('r1', 'passed', '00:00:00.0150000')], box, 27.5);
    expect(layout.maxMs).toBe(50);
    expect(layout.points.map((p) => [p.entry.runId, p.x, p.y])).toEqual([
      ['r1', 10, 80],
      ['r2', 60, null],
      ['r3', 110, 30],
    ]);
    expect(layout.path).toBe('M10 80 L110 30');
    expect(layout.averageY).toBe(55);
  });

  it('oneRun_SitsInTheMiddle', () => {
    const layout = layoutHistory([entry('r1', 'passed', '00:00:02')], box);
    expect(layout.points[0]?.x).toBe(60);
    expect(layout.maxMs).toBe(2000);
  });

  it.each([
    [0, 1],
    [3, 5],
    [10, 10],
    [1234, 2000],
    [0.04, 0.05],
  ])('niceCeiling(%s) = %s', (value, expected) => {
    expect(niceCeiling(value)).toBeCloseTo(expected, 9);
  });
});

describe('toolchainOf', () => {
  const report = (framework: string, project: string | null, ready: boolean): ToolchainReport => ({ framework, name: framework, project, ready, tools: [] });

  it('prefersTheProjectsOwnProbe_ThenTheFrameworks', () => {
    const reports = [report('jest', null, false), report('jest', 'web', true), report('pytest', null, true)];
    expect(toolchainOf(reports, { root: 'web', framework: 'jest' })?.ready).toBe(true);
    expect(toolchainOf(reports, { root: 'other', framework: 'jest' })?.ready).toBe(false);
    expect(toolchainOf(reports, { root: '.', framework: 'go-test' })).toBeUndefined();
    expect(toolchainOf(null, { root: '.', framework: 'pytest' })).toBeUndefined();
    expect(projectKey({ root: 'web', framework: 'jest' })).toBe('jest:web');
  });
});
