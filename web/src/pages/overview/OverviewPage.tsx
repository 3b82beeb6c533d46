import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RecentAction } from '../../components/RecentAction';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRelative, formatTimestamp } from '../../lib/format';

const REFRESH_MS = 5000;

export function OverviewPage() {
  const { client } = useSession();
  const status = useResource((signal) => client.status(signal), [client], REFRESH_MS);
  const health = useResource((signal) => client.health(signal), [client], REFRESH_MS);
  const recent = useResource((signal) => client.listActions({ limit: 5 }, signal), [client], REFRESH_MS);
  const data = status.data;

  return (
    <>
      <PageHeader title="Overview" subtitle="The platform at a glance; refreshes every few seconds." />
      <ErrorBanner message={status.error?.message} onRetry={status.reload} />

      {!data ? (
        !status.error && <Loading />
      ) : (
        <>
          <section className="cards" aria-label="Platform">
            <div className="card stat">
              <div className="stat-label">Health</div>
              <div className="stat-value" data-testid="overview-health" data-ready={health.data?.ready ?? ''}>
                {health.data ? (
                  <span className={`health ${health.data.ready ? 'health-ok' : 'health-bad'}`}>
                    <span className="badge-dot" aria-hidden="true" />
                    {health.data.ready ? 'Ready' : 'Not ready'}
                  </span>
                ) : health.error ? (
                  <span className="health health-bad">Unknown</span>
                ) : (
                  '…'
                )}
              </div>
              <div className="stat-note">{health.data ? `Database check: ${health.data.text}` : health.error?.message ?? ' '}</div>
            </div>
            <div className="card stat">
              <div className="stat-label">Version</div>
              <div className="stat-value" data-testid="overview-version">{data.version}</div>
              <div className="stat-note" title={formatTimestamp(data.startedAt)}>
                Started {formatRelative(data.startedAt)}
              </div>
            </div>
            <div className="card stat">
              <div className="stat-label">Database</div>
              <div className="stat-value" data-testid="overview-database">{data.database}</div>
              <div className="stat-note">Provider</div>
            </div>
            <div className="card stat">
              <div className="stat-label">Model</div>
              <div className={`stat-value${data.model.configured ? '' : ' stat-value-small'}`} data-testid="overview-model" data-configured={data.model.configured}>
                {data.model.configured ? data.model.name ?? 'Configured' : 'Not configured'}
              </div>
              <div className="stat-note">{data.model.configured ? 'Prompt actions are available' : 'Prompt actions will fail until a model is set'}</div>
            </div>
          </section>

          <section className="cards" aria-label="Agents and actions">
            <div className="card stat stat-wide">
              <div className="stat-label">Agents</div>
              <div className="agent-counts">
                <Link href="/agents" className="count-total">
                  <span className="stat-value" data-testid="agents-total">{data.agents.total}</span>
                  <span className="stat-note">registered</span>
                </Link>
                <div className="count-breakdown">
                  <span className="count" data-testid="agents-idle">
                    <StatusBadge status="idle" /> <strong>{data.agents.idle}</strong>
                  </span>
                  <span className="count" data-testid="agents-busy">
                    <StatusBadge status="busy" /> <strong>{data.agents.busy}</strong>
                  </span>
                  <span className="count" data-testid="agents-offline">
                    <StatusBadge status="offline" /> <strong>{data.agents.offline}</strong>
                  </span>
                </div>
              </div>
            </div>
            <div className="card stat">
              <div className="stat-label">Running actions</div>
              <Link href="/actions?status=running" className="stat-value" data-testid="overview-running">
                {data.runningActions}
              </Link>
              <div className="stat-note">across all agents</div>
            </div>
            <div className="card stat">
              <div className="stat-label">Signed in as</div>
              <div className="stat-value stat-value-small" data-testid="overview-caller">
                {data.caller.name}
              </div>
              <div className="stat-note">
                Role: <span className="role-pill">{data.caller.role}</span>
              </div>
            </div>
          </section>

          <section className="card" aria-labelledby="recent-title">
            <div className="card-header">
              <h2 id="recent-title">Recent actions</h2>
              <Link href="/actions" className="button button-small">
                All actions
              </Link>
            </div>
            {recent.data && recent.data.items.length === 0 && (
              <p className="empty">
                No actions yet. <Link href="/actions/new">Run the first one.</Link>
              </p>
            )}
            {recent.data && recent.data.items.length > 0 && (
              <ul className="recent-list">
                {recent.data.items.map((action) => (
                  <RecentAction key={action.id} action={action} showAgent />
                ))}
              </ul>
            )}
            {recent.error && <p className="muted">{recent.error.message}</p>}
          </section>
        </>
      )}
    </>
  );
}
