import { COLLABORATION_STATUSES, type CollaborationMetrics, type CollaborationStatus } from '../../api/types';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { canOperate } from '../../app/session';
import { usePagedHistory } from '../../app/pagedHistory';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatRelative, formatTimestamp } from '../../lib/format';
import { LoadMore } from '../../components/LoadMore';

const PAGE_SIZE = 25;
const REFRESH_MS = 5000;

/** Collaboration history, newest first, filtered by status (kept in the address), with the engine's metrics above. */
export function CollaborationsPage({ status }: { status?: CollaborationStatus | undefined }) {
  const { client, caller } = useSession();
  const metrics = useResource((signal) => client.collaborationMetrics(signal), [client], REFRESH_MS);
  const { items, next, loaded, loadingMore, error, loadMore, refresh } = usePagedHistory(
    (before, signal) => client.listCollaborations({ status, limit: PAGE_SIZE, before }, signal),
    [client, status],
    REFRESH_MS,
  );

  const filter = (value: CollaborationStatus | undefined) => navigate(hrefOf({ page: 'collaborations', status: value }), { replace: true });

  return (
    <>
      <PageHeader
        title="Collaborations"
        subtitle="Complex tasks split into subtasks that agents work on together, newest first."
        actions={
          canOperate(caller.role) && (
            <Link href="/collaborations/new" className="button button-primary" data-testid="collaboration-new">
              New collaboration
            </Link>
          )
        }
      />

      <ErrorBanner message={metrics.error?.message} />
      {metrics.data && <MetricsStrip metrics={metrics.data} />}

      <div className="filters card">
        <div className="field field-inline">
          <label htmlFor="filter-collaboration-status">Status</label>
          <select
            id="filter-collaboration-status"
            value={status ?? ''}
            onChange={(event) => filter((event.target.value || undefined) as CollaborationStatus | undefined)}
            data-testid="collaborations-filter-status"
          >
            <option value="">Any status</option>
            {COLLABORATION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-spacer" />
        {status && (
          <button type="button" className="button button-small button-ghost" onClick={() => filter(undefined)}>
            Clear filter
          </button>
        )}
        <button type="button" className="button button-small" onClick={refresh} data-testid="collaborations-refresh">
          Refresh
        </button>
      </div>

      <ErrorBanner message={error} />

      {!loaded ? (
        <Loading />
      ) : items.length === 0 ? (
        <div className="card empty" data-testid="collaborations-empty">
          {status ? 'No collaborations match this filter.' : 'No collaborations yet.'}
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="collaborations-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Collaboration</th>
                <th scope="col" className="num">Subtasks</th>
                <th scope="col">Submitted</th>
                <th scope="col" className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid={`collaboration-row-${item.id}`}>
                  <td data-label="Status">
                    <StatusBadge status={item.status} />
                  </td>
                  <td data-label="Collaboration" className="cell-summary">
                    <div className="collaboration-cell">
                      <Link href={`/collaborations/${encodeURIComponent(item.id)}`} className="summary-text">
                        {item.title || item.id}
                      </Link>
                      {item.title && <span className="mono muted small summary-text">{item.id}</span>}
                    </div>
                  </td>
                  <td data-label="Subtasks" className="num nowrap">
                    {item.succeeded}/{item.total}
                    {item.failed > 0 && <span className="text-red"> · {item.failed} failed</span>}
                  </td>
                  <td data-label="Submitted" className="nowrap" title={formatTimestamp(item.createdAt)}>
                    {formatRelative(item.createdAt)}
                    <span className="muted"> by {item.submittedBy}</span>
                  </td>
                  <td data-label="Duration" className="num nowrap">
                    {item.finishedAt ? formatDuration(Date.parse(item.finishedAt) - Date.parse(item.createdAt)) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {next && <LoadMore onLoad={loadMore} loading={loadingMore} testId="collaborations-load-more" />}
    </>
  );
}

function MetricsStrip({ metrics }: { metrics: CollaborationMetrics }) {
  const agents = [...metrics.agents].sort((a, b) => b.runs - a.runs);
  return (
    <>
      <section className="cards metrics-strip" aria-label="Collaboration metrics" data-testid="collaboration-metrics">
        <div className="card stat">
          <div className="stat-label">Running</div>
          <div className="stat-value" data-testid="metrics-running">
            {metrics.running}
          </div>
        </div>
        <div className="card stat">
          <div className="stat-label">Succeeded</div>
          <div className="stat-value" data-testid="metrics-succeeded">
            {metrics.succeeded}
          </div>
        </div>
        <div className="card stat">
          <div className="stat-label">Failed</div>
          <div className="stat-value" data-testid="metrics-failed">
            {metrics.failed}
          </div>
          <div className="stat-note">
            {metrics.cancelled} cancelled · {metrics.budgetExhausted} over budget
          </div>
        </div>
        <div className="card stat">
          <div className="stat-label">Subtasks / s</div>
          <div className="stat-value">{formatRate(metrics.subtasksPerSecondLastMinute)}</div>
          <div className="stat-note">
            last minute · {metrics.subtasksCompleted} done, {metrics.subtasksFailed} failed
          </div>
        </div>
      </section>
      {agents.length > 0 && (
        <details className="card agent-metrics" data-testid="agent-metrics">
          <summary>Agents ({agents.length})</summary>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col" className="num">Runs</th>
                  <th scope="col" className="num">Success</th>
                  <th scope="col" className="num">Mean</th>
                  <th scope="col" className="num">p95</th>
                  <th scope="col" className="num">Running</th>
                </tr>
              </thead>
              <tbody>
                {agents.map((agent) => (
                  <tr key={agent.agent}>
                    <td>
                      <Link href={`/agents/${encodeURIComponent(agent.agent)}`}>{agent.agent}</Link>
                    </td>
                    <td className="num">{agent.runs}</td>
                    <td className="num">
                      <span className="rate">
                        <span className="rate-bar" aria-hidden="true">
                          <span style={{ width: `${Math.round(agent.successRate * 100)}%` }} />
                        </span>
                        {Math.round(agent.successRate * 100)}%
                      </span>
                    </td>
                    <td className="num nowrap">{formatDuration(agent.meanLatencyMs)}</td>
                    <td className="num nowrap">{formatDuration(agent.p95LatencyMs)}</td>
                    <td className="num">{agent.running}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  );
}

function formatRate(value: number): string {
  if (!Number.isFinite(value) || value <= 0) return '0';
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}
