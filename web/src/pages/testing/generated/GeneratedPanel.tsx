import { useState } from 'react';
import { messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { GenerationBatchFilter, GenerationBatchSummary } from '../../../api/testingTypes';
import { Link, navigate } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { usePagedHistory } from '../../../app/pagedHistory';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { LoadMore } from '../../../components/LoadMore';
import { Loading } from '../../../components/Loading';
import { formatRelative, formatTimestamp } from '../../../lib/format';
import { GenerateTestsForm } from './GenerateTestsForm';
import { BatchStatusBadge } from './BatchStatusBadge';
import { isBatchActive } from './generationView';
import './generation.css';

const PAGE_SIZE = 25;
/** Queued and generating batches move on their own; the list is small. */
const REFRESH_MS = 3000;
const FILTERS: { value: GenerationBatchFilter | undefined; label: string }[] = [
  { value: 'review', label: 'Awaiting review' },
  { value: undefined, label: 'All' },
  { value: 'running', label: 'Generating' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

interface GeneratedPanelProps {
  testing: TestingClient;
  repository: string | undefined;
  repositories: string[];
  operator: boolean;
}

/**
 * Generation batches, awaiting review first; the form that queues one opens the batch's page, which follows it.
 * Operators can cancel a queued or generating batch from its row.
 */
export function GeneratedPanel({ testing, repository, repositories, operator }: GeneratedPanelProps) {
  const [formOpen, setFormOpen] = useState(false);
  const [status, setStatus] = useState<GenerationBatchFilter | undefined>('review');
  const { items, next, loaded, loadingMore, error, loadMore, refresh } = usePagedHistory(
    (before, signal) => testing.generationBatches({ status, repository, limit: PAGE_SIZE, before }, signal),
    [testing, status, repository],
    REFRESH_MS,
  );

  return (
    <div data-testid="generated-panel">
      {formOpen && operator && (
        <GenerateTestsForm
          testing={testing}
          repositories={repositories}
          initialRepository={repository}
          onCancel={() => setFormOpen(false)}
          onStarted={(batch) => navigate(hrefOf({ page: 'test-generation', id: batch.id }))}
        />
      )}
      <section className="card card-flush test-flush" aria-label="Generated tests">
        <div className="card-header flaky-header">
          <h2>Generated tests</h2>
          <div className="test-filter-chips" role="group" aria-label="Batch status">
            {FILTERS.map((filter) => (
              <button
                key={filter.label}
                type="button"
                className={`test-chip${status === filter.value ? ' selected' : ''}`}
                aria-pressed={status === filter.value}
                onClick={() => setStatus(filter.value)}
                data-testid={`generated-filter-${filter.value ?? 'all'}`}
              >
                {filter.label}
              </button>
            ))}
          </div>
          {operator && !formOpen && (
            <button type="button" className="button button-small" onClick={() => setFormOpen(true)} data-testid="generate-open">
              Generate tests
            </button>
          )}
        </div>
        <ErrorBanner message={error} testId="generated-error" />
        {!loaded ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="empty" data-testid="generated-empty">
            {status === 'review' ? 'No generated tests await review.' : 'No generation batches here.'}
          </p>
        ) : (
          <table className="table responsive" data-testid="generated-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Batch</th>
                <th scope="col">Candidates</th>
                <th scope="col">Requested</th>
              </tr>
            </thead>
            <tbody>
              {items.map((batch) => (
                <BatchRow key={batch.id} batch={batch} testing={testing} operator={operator} onCancelled={refresh} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {next && <LoadMore onLoad={loadMore} loading={loadingMore} testId="generated-load-more" />}
    </div>
  );
}

interface BatchRowProps {
  batch: GenerationBatchSummary;
  testing: TestingClient;
  operator: boolean;
  onCancelled: () => void;
}

function BatchRow({ batch, testing, operator, onCancelled }: BatchRowProps) {
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();
  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      // The server answers once the batch's processes have stopped: the row then shows it cancelled.
      await testing.cancelGeneration(batch.id);
      onCancelled();
    } catch (caught) {
      setCancelError(messageOf(caught));
    } finally {
      setCancelling(false);
    }
  };

  return (
    <tr data-testid={`generated-row-${batch.id}`} data-status={batch.status}>
      <td data-label="Status">
        <BatchStatusBadge status={batch.status} />
      </td>
      <td data-label="Batch" className="cell-summary">
        <div className="test-run-cell">
          <Link href={hrefOf({ page: 'test-generation', id: batch.id })} className="summary-text" data-testid="generated-link">
            {batch.repository}
            {batch.file && <span className="mono"> · {batch.file}</span>}
          </Link>
          <span className="muted small summary-text">
            {batch.language ?? 'any language'} · up to {batch.max} candidates
          </span>
        </div>
      </td>
      <td data-label="Candidates" className="generated-counts">
        {batch.status === 'failed' ? (
          <span className="text-red small">{batch.error}</span>
        ) : batch.status === 'cancelled' && batch.candidates === 0 ? (
          <span className="muted small">{batch.error}</span>
        ) : batch.candidates === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span className="test-counts">
            <span className="muted">{batch.candidates} tried</span>
            {batch.kept > 0 && <span className="text-blue">{batch.kept} to review</span>}
            {batch.accepted > 0 && <span className="text-green">{batch.accepted} accepted</span>}
            {batch.rejected > 0 && <span className="muted">{batch.rejected} rejected</span>}
          </span>
        )}
      </td>
      <td data-label="Requested" className="nowrap" title={formatTimestamp(batch.createdAt)}>
        {formatRelative(batch.createdAt)}
        <span className="muted"> by {batch.requestedBy}</span>
        {operator && isBatchActive(batch.status) && (
          <div className="generated-row-actions">
            <button type="button" className="button button-small button-danger-outline" onClick={() => void cancel()} disabled={cancelling} data-testid="generated-cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          </div>
        )}
        {cancelError && (
          <p className="text-red small" role="alert" data-testid="generated-cancel-error">
            {cancelError}
          </p>
        )}
      </td>
    </tr>
  );
}
