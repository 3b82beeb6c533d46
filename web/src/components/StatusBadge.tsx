import type { ActionStatus, AgentStatus } from '../api/types';

const labels: Record<ActionStatus | AgentStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  'timed-out': 'timed out',
  idle: 'idle',
  busy: 'busy',
  offline: 'offline',
};

interface StatusBadgeProps {
  status: ActionStatus | AgentStatus;
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
