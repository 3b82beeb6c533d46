import type { TestingClient } from '../../api/testingClient';
import type { TestRunStatus, TestRunView } from '../../api/testingTypes';
import { Link } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadMore } from '../../components/LoadMore';
import { Loading } from '../../components/Loading';
import { formatDuration, formatRelative, formatTimestamp } from '../../lib/format';
import { CountsLine, RunStatusBadge } from './TestingBadges';
import { isCancelling } from './liveRuns';
import { formatTestDuration, isRunFinished, shortSha } from './testingText';
import { useLiveRuns, type RunsStreamStatus } from './useLiveRuns';

const PAGE_SIZE = 25;
const STATUS_TEXT: Record<RunsStreamStatus, string> = { connecting: 'Connecting…', live: 'Live', polling: 'Refreshing every 3 s' };

interface RunsPanelProps {
  testing: TestingClient;
  repository: string | undefined;
  framework: string | undefined;
  status: TestRunStatus | undefined;
}

/** Runs newest first, filtered, live: rows appear, start, count and finish in place as the server says so. */
export function RunsPanel({ testing, repository, framework, status }: RunsPanelProps) {
  const { items, next, loaded, loadingMore, error, status: stream, loadMore } = useLiveRuns(testing, { repository, framework, status }, PAGE_SIZE);
  const filtered = Boolean(repository || framework || status);

  return (
    <>
      <span className="test-runs-stream" data-testid="testing-runs-stream-status" data-status={stream}>
        <span className={`test-live-dot test-live-${stream}`} aria-hidden="true" />
        {STATUS_TEXT[stream]}
      </span>
      <ErrorBanner message={error} testId="testing-runs-error" />
      {!loaded ? (
        <Loading />
      ) : items.length === 0 ? (
        <div className="card empty" data-testid="testing-runs-empty">
          {filtered ? 'No test runs match these filters.' : 'No test runs yet. Run the tests of a registered repository, or import a report (POST /api/v2/testing/runs/import).'}
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="testing-runs-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Run</th>
                <th scope="col">Results</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">Duration</th>
              </tr>
            </thead>
            <tbody>{items.map((run) => <RunRow key={run.id} run={run} />)}</tbody>
          </table>
        </div>
      )}
      {next && <LoadMore onLoad={loadMore} loading={loadingMore} testId="testing-runs-load-more" />}
    </>
  );
}

function RunRow({ run }: { run: TestRunView }) {
  const { totals } = run;
  const ended = isRunFinished(run.status);
  const cancelling = isCancelling(run);
  const what = [run.framework, run.project].filter(Boolean).join(' · ');
  return (
    <tr data-testid={`testing-run-row-${run.id}`} data-status={run.status} data-cancelling={cancelling}>
      <td data-label="Status">
        {cancelling ? (
          <span
            className="badge test-badge-cancelled"
            data-status="cancelling"
            data-testid="testing-run-cancelling"
            title={`Cancel requested by ${run.cancelRequestedBy ?? 'someone'}${run.cancelRequestedAt ? ` at ${formatTimestamp(run.cancelRequestedAt)}` : ''}`}
          >
            <span className="badge-dot" aria-hidden="true" />
            cancelling
          </span>
        ) : (
          <RunStatusBadge status={run.status} />
        )}
      </td>
      <td data-label="Run" className="cell-summary">
        <div className="test-run-cell">
          <Link href={hrefOf({ page: 'test-run', id: run.id })} className="summary-text" data-testid="testing-run-link">
            {run.repository || '(no repository)'}
          </Link>
          <span className="muted small summary-text">
            {what && <>{what} · </>}
            {run.trigger}
            {run.branch && <> · {run.branch}</>}
            {run.commitSha && <span className="mono"> @{shortSha(run.commitSha)}</span>}
          </span>
        </div>
      </td>
      <td data-label="Results" className="test-results-cell">
        {ended || totals.total > 0 ? (
          <>
            <CountsLine {...totals} of={totals.total} />
            {(run.quarantinedFailures ?? 0) > 0 && (
              <span className="test-quarantined-failures small" data-testid="testing-run-quarantined">
                {run.quarantinedFailures} quarantined failure{run.quarantinedFailures === 1 ? '' : 's'} did not fail it
              </span>
            )}
          </>
        ) : (
          <span className="muted">{cancelling ? 'stopping its processes…' : run.status === 'queued' ? 'waiting for a slot' : 'running…'}</span>
        )}
      </td>
      <td data-label="Started" className="nowrap" title={formatTimestamp(run.startedAt ?? run.createdAt)}>
        {formatRelative(run.startedAt ?? run.createdAt)}
        <span className="muted"> by {run.requestedBy}</span>
      </td>
      <td data-label="Duration" className="num nowrap">
        {/* An import took no time here: the report's summed test time says more. */}
        {run.trigger === 'import' ? formatTestDuration(run.totals.duration) : run.startedAt && run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '—'}
      </td>
    </tr>
  );
}
