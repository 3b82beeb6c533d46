import { ACTION_STATUSES, type ActionStatus } from '../../api/types';
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

interface ActionsPageProps {
  agent?: string | undefined;
  status?: ActionStatus | undefined;
}

/** History, newest first, filtered by agent and status (kept in the address, so a filter can be shared). */
export function ActionsPage({ agent, status }: ActionsPageProps) {
  const { client, caller } = useSession();
  const agents = useResource((signal) => client.listAgents(signal), [client]);
  const { items, next, loaded, loadingMore, error, loadMore, refresh } = usePagedHistory(
    (before, signal) => client.listActions({ agent, status, limit: PAGE_SIZE, before }, signal),
    [client, agent, status],
    REFRESH_MS,
  );

  const filter = (changes: { agent?: string | undefined; status?: ActionStatus | undefined }) =>
    navigate(hrefOf({ page: 'actions', agent, status, ...changes }), { replace: true });

  return (
    <>
      <PageHeader
        title="Actions"
        subtitle="Everything agents were asked to do, newest first."
        actions={
          canOperate(caller.role) && (
            <Link href={agent ? `/actions/new?agent=${encodeURIComponent(agent)}` : '/actions/new'} className="button button-primary" data-testid="action-new">
              New action
            </Link>
          )
        }
      />

      <div className="filters card">
        <div className="field field-inline">
          <label htmlFor="filter-agent">Agent</label>
          <select
            id="filter-agent"
            value={agent ?? ''}
            onChange={(event) => filter({ agent: event.target.value || undefined })}
            data-testid="filter-agent"
          >
            <option value="">All agents</option>
            {agent && !agents.data?.some((a) => a.name === agent) && <option value={agent}>{agent}</option>}
            {agents.data?.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={status ?? ''}
            onChange={(event) => filter({ status: (event.target.value || undefined) as ActionStatus | undefined })}
            data-testid="filter-status"
          >
            <option value="">Any status</option>
            {ACTION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-spacer" />
        {(agent || status) && (
          <button type="button" className="button button-small button-ghost" onClick={() => filter({ agent: undefined, status: undefined })}>
            Clear filters
          </button>
        )}
        <button type="button" className="button button-small" onClick={refresh} data-testid="actions-refresh">
          Refresh
        </button>
      </div>

      <ErrorBanner message={error} />

      {!loaded ? (
        <Loading />
      ) : items.length === 0 ? (
        <div className="card empty" data-testid="actions-empty">
          {agent || status ? 'No actions match these filters.' : 'No actions yet.'}
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="actions-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
                <th scope="col">Agent</th>
                <th scope="col">Requested</th>
                <th scope="col" className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((action) => (
                <tr key={action.id} data-testid={`action-row-${action.id}`}>
                  <td data-label="Status">
                    <StatusBadge status={action.status} />
                  </td>
                  <td data-label="Action" className="cell-summary">
                    <Link href={`/actions/${action.id}`} className="summary-link">
                      <span className="kind">{action.kind}</span>
                      <span className="mono summary-text">{action.summary || '—'}</span>
                    </Link>
                  </td>
                  <td data-label="Agent" className="nowrap">
                    <Link href={`/agents/${encodeURIComponent(action.agent)}`}>{action.agent}</Link>
                  </td>
                  <td data-label="Requested" className="nowrap" title={formatTimestamp(action.createdAt)}>
                    {formatRelative(action.createdAt)}
                    <span className="muted"> by {action.requestedBy}</span>
                  </td>
                  <td data-label="Duration" className="num nowrap">
                    {formatDuration(action.durationMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {next && <LoadMore onLoad={loadMore} loading={loadingMore} testId="actions-load-more" />}
    </>
  );
}
