import type { ActionStatus, AgentStatus, CollaborationStatus, SubtaskStatus } from '../api/types';

type BadgeStatus = ActionStatus | AgentStatus | CollaborationStatus | SubtaskStatus;

const labels: Record<BadgeStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  'timed-out': 'timed out',
  idle: 'idle',
  busy: 'busy',
  offline: 'offline',
  'budget-exhausted': 'budget exhausted',
  pending: 'pending',
  ready: 'ready',
  'awaiting-approval': 'awaiting approval',
  retrying: 'retrying',
  skipped: 'skipped',
};

interface StatusBadgeProps {
  status: BadgeStatus;
  testId?: string;
}

/** A coloured pill; `data-status` carries the raw value for tests and styles. */
export function StatusBadge({ status, testId }: StatusBadgeProps) {
  return (
    <span className={`badge badge-${status}`} data-status={status} data-testid={testId}>
      <span className="badge-dot" aria-hidden="true" />
      {labels[status] ?? status}
    </span>
  );
}
