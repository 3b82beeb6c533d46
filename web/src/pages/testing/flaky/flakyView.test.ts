import { describe, expect, it } from 'vitest';
import type { FlakyVerdict, QuarantinedTest, SuiteReport } from '../../../api/testingTypes';
import { activeQuarantine, checkQuarantine, countByStatus, evidenceByWeight, formatScore, lastSeenOf, pollutersOf, quarantineKey, verdictRows } from './flakyView';

const verdict = (id: string, status: FlakyVerdict['status'], score: number, extra: Partial<FlakyVerdict> = {}): FlakyVerdict => ({
  repository: 'calc',
  id,
  status,
  score,
  kind: 'random',
  runs: 4,
  failures: 2,
  evidence: [],
  project: '.',
  framework: 'pytest',
  file: 'tests/test_calc.py',
  summary: '',
  reruns: 0,
  quarantined: false,
  updatedAt: '2026-11-24T10:00:00Z',
  ...extra,
});

const entry = (id: string, active: boolean, repository = 'calc'): QuarantinedTest => ({
  repository,
  id,
  reason: 'flaky on CI',
  quarantinedBy: 'alice',
  quarantinedAt: '2026-11-24T09:00:00Z',
  expiresAt: null,
  active,
});

describe('flaky verdict rows', () => {
  const verdicts = [
    verdict('t::inconclusive', 'inconclusive', 0.5),
    verdict('t::broken', 'broken', 0.1),
    verdict('t::stable', 'stable', 0),
    verdict('t::flaky_low', 'flaky', 0.8),
    verdict('t::flaky_high', 'flaky', 0.99),
  ];

  it('verdictRows_FlakyFirstByScore_ThenBroken_ThenInconclusive_StableLeftOut', () => {
    expect(verdictRows(verdicts, []).map((row) => row.verdict.id)).toEqual(['t::flaky_high', 't::flaky_low', 't::broken', 't::inconclusive']);
    expect(verdictRows(verdicts, [], 'broken').map((row) => row.verdict.id)).toEqual(['t::broken']);
    expect(verdictRows(verdicts, [], 'stable').map((row) => row.verdict.id)).toEqual(['t::stable']);
  });

  it('verdictRows_TakeTheQuarantineListAsTheTruth_ExpiredAndOtherRepositoriesDoNotCount', () => {
    // The stored verdict says quarantined, but it was released since: the list wins.
    const stale = [verdict('t::a', 'flaky', 0.9, { quarantined: true }), verdict('t::b', 'flaky', 0.9), verdict('t::c', 'flaky', 0.9)];
    const rows = verdictRows(stale, [entry('t::b', true), entry('t::c', false), entry('t::a', true, 'other')]);
    expect(rows.map((row) => [row.verdict.id, row.quarantine?.quarantinedBy ?? null])).toEqual([
      ['t::a', null],
      ['t::b', 'alice'],
      ['t::c', null],
    ]);
    expect(activeQuarantine([entry('x', true), entry('y', false)]).has(quarantineKey('calc', 'y'))).toBe(false);
  });

  it('pollutersOf_ReadsTheOrderEvidence_AndTheReportsFailsAfterDependencies', () => {
    const victim = verdict('tests.test_state::test_victim', 'flaky', 0.95, {
      kind: 'order-dependent',
      evidence: [{ signal: 'fails-after-test', weight: 0.95, detail: 'It fails when it runs after tests.test_state::test_polluter: passes alone, fails after it.', runs: [], commits: [], attempts: [], at: null }],
    });
    expect(pollutersOf(victim)).toEqual(['tests.test_state::test_polluter']);
    const report = { repository: 'calc', dependencies: [{ test: victim.id, other: 'tests.test_state::test_other', kind: 'fails-after', resource: '', detail: '' }] } as unknown as SuiteReport;
    expect(pollutersOf(victim, report)).toEqual(['tests.test_state::test_polluter', 'tests.test_state::test_other']);
    expect(pollutersOf(verdict('t::x', 'flaky', 0.9), report)).toEqual([]);
    expect(verdictRows([victim], [])[0]?.polluters).toEqual(['tests.test_state::test_polluter']);
  });

  it('lastSeen_IsTheNewestOfTheVerdictAndItsEvidence', () => {
    const seen = verdict('t::a', 'flaky', 0.9, {
      updatedAt: '2026-11-20T00:00:00Z',
      evidence: [
        { signal: 'passed-on-retry', weight: 0.9, detail: '', runs: [], commits: [], attempts: [], at: '2026-11-23T00:00:00Z' },
        { signal: 'flip-on-same-commit', weight: 0.9, detail: '', runs: [], commits: [], attempts: [], at: null },
      ],
    });
    expect(lastSeenOf(seen)).toBe('2026-11-23T00:00:00Z');
    expect(lastSeenOf(verdict('t::b', 'flaky', 0.9, { updatedAt: null }))).toBeNull();
  });

  it('counts_Evidence_AndScores', () => {
    expect(countByStatus(verdicts)).toEqual({ flaky: 2, broken: 1, inconclusive: 1, stable: 1 });
    const ordered = evidenceByWeight([
      { signal: 'flip-without-change', weight: 0.6, detail: '', runs: [], commits: [], attempts: [], at: null },
      { signal: 'passed-on-rerun', weight: 0.95, detail: '', runs: [], commits: [], attempts: [], at: null },
    ]);
    expect(ordered.map((item) => item.signal)).toEqual(['passed-on-rerun', 'flip-without-change']);
    expect(formatScore(0.845)).toBe('85%');
  });
});

describe('quarantine form', () => {
  const now = new Date('2026-11-24T12:00:00Z');

  it('checkQuarantine_RequiresRepositoryTestAndReason', () => {
    const checked = checkQuarantine({ repository: ' ', id: '', reason: '   ', until: '' }, now);
    expect(checked.request).toBeUndefined();
    expect(Object.keys(checked.errors).sort()).toEqual(['id', 'reason', 'repository']);
  });

  it('checkQuarantine_ExpiresAtTheEndOfTheChosenDay_WhichMustBeAfterToday', () => {
    const ok = checkQuarantine({ repository: 'calc', id: ' t::a ', reason: ' #42 ', until: '2026-12-31' }, now);
    expect(ok.request).toEqual({ repository: 'calc', id: 't::a', reason: '#42', expiresAt: '2026-12-31T23:59:59.000Z' });
    expect(checkQuarantine({ repository: 'calc', id: 't::a', reason: 'x', until: '' }, now).request).toEqual({ repository: 'calc', id: 't::a', reason: 'x' });
    expect(checkQuarantine({ repository: 'calc', id: 't::a', reason: 'x', until: '2026-11-23' }, now).errors.until).toEqual(['The quarantine must end after today.']);
    expect(checkQuarantine({ repository: 'calc', id: 't::a', reason: 'x', until: 'soon' }, now).errors.until).toEqual(['Pick a date.']);
    // Today still counts: it ends tonight.
    expect(checkQuarantine({ repository: 'calc', id: 't::a', reason: 'x', until: '2026-11-24' }, now).request?.expiresAt).toBe('2026-11-24T23:59:59.000Z');
  });
});
