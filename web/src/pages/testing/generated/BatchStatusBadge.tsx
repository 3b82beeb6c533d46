import type { GenerationBatchStatus } from '../../../api/testingTypes';
import { BATCH_STATUS_LABELS } from './generationView';

/** Colours follow the run badges: generating is blue and pulses, awaiting review amber, accepted green. */
const BADGE: Record<GenerationBatchStatus, string> = {
  queued: 'test-badge-queued',
  running: 'test-badge-running',
  ready: 'test-badge-flaky',
  failed: 'test-badge-failed',
  accepted: 'test-badge-passed',
  rejected: 'test-badge-skipped',
  cancelled: 'test-badge-cancelled',
};

export function BatchStatusBadge({ status, testId }: { status: GenerationBatchStatus; testId?: string }) {
  return (
    <span className={`badge ${BADGE[status]}`} data-status={status} data-testid={testId}>
      <span className="badge-dot" aria-hidden="true" />
      {BATCH_STATUS_LABELS[status]}
    </span>
  );
}
