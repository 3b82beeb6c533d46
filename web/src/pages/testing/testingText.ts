import type { TestOutcome, TestRunStatus, TimeSpanText } from '../../api/testingTypes';
import { formatDuration } from '../../lib/format';

const TIME_SPAN = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/;

/**
 * A .NET TimeSpan as System.Text.Json writes it ("00:00:01.2340000", "1.02:03:04") in milliseconds; null when absent
 * or unreadable. A bare number is taken as milliseconds already.
 */
export function timeSpanMs(value: TimeSpanText | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const match = TIME_SPAN.exec(value.trim());
  if (!match) return null;
  const [, minus, days, hours, minutes, seconds, fraction] = match;
  const ms =
    Number(days ?? 0) * 86_400_000 +
    Number(hours) * 3_600_000 +
    Number(minutes) * 60_000 +
    Number(seconds) * 1000 +
    (fraction ? Number(`0.${fraction}`) * 1000 : 0);
  return minus ? -ms : ms;
}

/** A TimeSpan as people read it; short test durations keep their fraction (12.5 ms, 0.4 ms). */
export function formatTestDuration(value: TimeSpanText | number | null | undefined): string {
  const ms = timeSpanMs(value);
  if (ms === null) return '—';
  if (ms > 0 && ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100 && ms % 1 !== 0) return `${ms.toFixed(1)} ms`;
  return formatDuration(ms);
}

export function isRunFinished(status: TestRunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

export const OUTCOME_LABELS: Record<TestOutcome, string> = {
  passed: 'passed',
  failed: 'failed',
  errored: 'errored',
  skipped: 'skipped',
  flaky: 'flaky',
};

export const RUN_STATUS_LABELS: Record<TestRunStatus, string> = {
  queued: 'queued',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  errored: 'errored',
  cancelled: 'cancelled',
  'timed-out': 'timed out',
};

/** The first 7 characters of a commit, as git shows it. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '';
}
