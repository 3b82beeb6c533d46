import type { TestOutcome, TestRunStatus } from '../../api/testingTypes';
import { OUTCOME_LABELS, RUN_STATUS_LABELS } from './testingText';

/** A run's status as a pill; `data-status` carries the raw value for tests and styles. */
export function RunStatusBadge({ status, testId }: { status: TestRunStatus; testId?: string }) {
  return (
    <span className={`badge test-badge-${status}`} data-status={status} data-testid={testId}>
      <span className="badge-dot" aria-hidden="true" />
      {RUN_STATUS_LABELS[status] ?? status}
    </span>
  );
}

/** A case's outcome; null while it runs. */
export function OutcomeBadge({ outcome, testId }: { outcome: TestOutcome | null; testId?: string }) {
  const value = outcome ?? 'running';
  return (
    <span className={`badge test-badge-${value}`} data-outcome={value} data-testid={testId}>
      <span className="badge-dot" aria-hidden="true" />
      {outcome ? OUTCOME_LABELS[outcome] : 'running'}
    </span>
  );
}

/** Passed, failed, skipped and flaky counts in one line, zeros left out but "0 passed"; "of N" when a total is given. */
export function CountsLine({ passed, failed, errored, skipped, flaky, of }: { passed: number; failed: number; errored: number; skipped: number; flaky: number; of?: number }) {
  return (
    <span className="test-counts">
      <span className="text-green">{passed} passed</span>
      {failed > 0 && <span className="text-red">{failed} failed</span>}
      {errored > 0 && <span className="text-red">{errored} errored</span>}
      {flaky > 0 && <span className="test-flaky-text">{flaky} flaky</span>}
      {skipped > 0 && <span className="muted">{skipped} skipped</span>}
      {of !== undefined && <span className="muted">of {of}</span>}
    </span>
  );
}

/** How a project is named in lists: its folder, or for the repository root the name detection gave it. */
export function projectLabel(project: { root: string; name: string; framework: string }, repository?: string): string {
  if (project.root !== '.') return project.root;
  if (project.name && project.name !== project.framework) return project.name;
  return repository ? `${repository} (root)` : '(repository root)';
}
