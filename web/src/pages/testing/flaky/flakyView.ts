import type { FlakyEvidence, FlakyKind, FlakySignal, FlakyStatus, FlakyVerdict, QuarantinedTest, SuiteReport } from '../../../api/testingTypes';

/** A verdict with the quarantine entry that applies to it now (the quarantine list is the truth; a stored verdict's flag may be older). */
export interface VerdictRow {
  verdict: FlakyVerdict;
  quarantine: QuarantinedTest | undefined;
  /** The test it fails after, when the order check proved it. */
  polluters: string[];
  /** When it was last judged (the verdict) or last failed (its newest evidence). */
  lastSeen: string | null;
}

/** The statuses the tab lists, in the order they matter: flaky first, stable (explained by changes) never. */
export const SHOWN_STATUSES: readonly FlakyStatus[] = ['flaky', 'broken', 'inconclusive'];

export const STATUS_LABELS: Record<FlakyStatus, string> = {
  flaky: 'flaky',
  broken: 'broken',
  inconclusive: 'inconclusive',
  stable: 'stable',
};

export const KIND_LABELS: Record<FlakyKind, string> = {
  random: 'random',
  'time-dependent': 'time-dependent',
  'order-dependent': 'order-dependent',
};

/** What each kind of evidence is, in words; the server's `detail` says the rest (runs, commits, the test before it). */
export const SIGNAL_LABELS: Record<FlakySignal, string> = {
  'passed-on-retry': 'Passed on retry',
  'flip-on-same-commit': 'Flipped on the same commit',
  'flip-without-change': 'Flipped on unchanged code',
  'passed-on-rerun': 'Passed on rerun',
  'fails-after-test': 'Fails after another test',
};

const FAILS_AFTER = /^It fails when it runs after (.+?): /;

export function quarantineKey(repository: string, id: string): string {
  return `${repository}\u0000${id}`;
}

/** Active quarantine entries by repository and test id; expired ones no longer apply and are left out. */
export function activeQuarantine(entries: readonly QuarantinedTest[]): Map<string, QuarantinedTest> {
  const map = new Map<string, QuarantinedTest>();
  for (const entry of entries) if (entry.active) map.set(quarantineKey(entry.repository, entry.id), entry);
  return map;
}

/** The polluting tests named by order evidence, and by the report's `fails-after` dependencies when there is one. */
export function pollutersOf(verdict: FlakyVerdict, report?: SuiteReport | null): string[] {
  const found = new Set<string>();
  for (const evidence of verdict.evidence) {
    if (evidence.signal !== 'fails-after-test') continue;
    const match = FAILS_AFTER.exec(evidence.detail);
    if (match?.[1]) for (const name of match[1].split(', ')) found.add(name);
  }
  if (report && report.repository === verdict.repository) {
    for (const dependency of report.dependencies) if (dependency.kind === 'fails-after' && dependency.test === verdict.id) found.add(dependency.other);
  }
  return [...found];
}

/** The newest of the verdict's time and its evidence's times. */
export function lastSeenOf(verdict: FlakyVerdict): string | null {
  const times = [verdict.updatedAt, ...verdict.evidence.map((item) => item.at)].filter((value): value is string => Boolean(value));
  if (times.length === 0) return null;
  return times.reduce((latest, value) => (Date.parse(value) > Date.parse(latest) ? value : latest));
}

/**
 * The rows of the tab: the shown statuses only (or the one asked for), flaky first by score, then broken, then
 * inconclusive, each joined with its quarantine entry and the test that pollutes it.
 */
export function verdictRows(verdicts: readonly FlakyVerdict[], quarantine: readonly QuarantinedTest[], status?: FlakyStatus, report?: SuiteReport | null): VerdictRow[] {
  const active = activeQuarantine(quarantine);
  const wanted = status ? [status] : SHOWN_STATUSES;
  return verdicts
    .filter((verdict) => wanted.includes(verdict.status))
    .sort((a, b) => wanted.indexOf(a.status) - wanted.indexOf(b.status) || b.score - a.score || a.id.localeCompare(b.id))
    .map((verdict) => ({
      verdict,
      quarantine: active.get(quarantineKey(verdict.repository, verdict.id)),
      polluters: pollutersOf(verdict, report),
      lastSeen: lastSeenOf(verdict),
    }));
}

/** How many verdicts each shown status has, for the filter chips. */
export function countByStatus(verdicts: readonly FlakyVerdict[]): Record<FlakyStatus, number> {
  const counts: Record<FlakyStatus, number> = { flaky: 0, broken: 0, inconclusive: 0, stable: 0 };
  for (const verdict of verdicts) counts[verdict.status] += 1;
  return counts;
}

/** The evidence strongest first: the reason a test is called flaky reads best from its heaviest signal down. */
export function evidenceByWeight(evidence: readonly FlakyEvidence[]): FlakyEvidence[] {
  return [...evidence].sort((a, b) => b.weight - a.weight);
}

/** A score (0-1) as a percentage people read. */
export function formatScore(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export interface QuarantineForm {
  repository: string;
  id: string;
  reason: string;
  /** `yyyy-mm-dd` from a date input; blank means no expiry. */
  until: string;
}

export type QuarantineField = 'repository' | 'id' | 'reason' | 'until';

/**
 * Checks a quarantine form as the server would (repository, test and reason required) and that the expiry is a day
 * after today; the request expires at the end of that day (UTC), so "until the 31st" includes the 31st.
 */
export function checkQuarantine(form: QuarantineForm, now: Date): { errors: Partial<Record<QuarantineField, string[]>>; request?: { repository: string; id: string; reason: string; expiresAt?: string } } {
  const errors: Partial<Record<QuarantineField, string[]>> = {};
  const repository = form.repository.trim();
  const id = form.id.trim();
  const reason = form.reason.trim();
  if (!repository) errors.repository = ['Choose a repository.'];
  if (!id) errors.id = ['Name the test to quarantine.'];
  if (!reason) errors.reason = ['Say why: a reason is required (an issue, what fails).'];
  let expiresAt: string | undefined;
  const until = form.until.trim();
  if (until) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(until);
    const end = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59) : Number.NaN;
    if (!Number.isFinite(end)) errors.until = ['Pick a date.'];
    else if (end <= now.getTime()) errors.until = ['The quarantine must end after today.'];
    else expiresAt = new Date(end).toISOString();
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { errors, request: { repository, id, reason, ...(expiresAt ? { expiresAt } : {}) } };
}
