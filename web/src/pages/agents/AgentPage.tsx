import { useCallback, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RecentAction } from '../../components/RecentAction';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { locationText } from './agentText';

const REFRESH_MS = 5000;

export function AgentPage({ name }: { name: string }) {
  const { client, caller } = useSession();
  const agent = useResource((signal) => client.getAgent(name, signal), [client, name], REFRESH_MS);
  const recent = useResource((signal) => client.listActions({ agent: name, limit: 10 }, signal), [client, name], REFRESH_MS);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<string>();
  const operator = canOperate(caller.role);

  const remove = async () => {
    setRemoving(true);
    setRemoveError(undefined);
    try {
      await client.removeAgent(name);
      navigate('/agents');
    } catch (error) {
      setRemoveError(messageOf(error));
      setRemoving(false);
    }
  };
  const closeDialog = useCallback(() => {
    setConfirming(false);
    setRemoveError(undefined);
  }, []);

  const notFound = agent.error instanceof ApiError && agent.error.status === 404;
  const breadcrumb = <Link href="/agents">Agents</Link>;

  if (notFound) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={name} />
        <ErrorBanner message={agent.error?.message} />
      </>
    );
  }

  const view = agent.data;
  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={
          <span className="title-with-badge">
            {name}
            {view && <StatusBadge status={view.status} testId="agent-status" />}
          </span>
        }
        subtitle={view?.description}
        actions={
          operator &&
          view && (
            <>
              <Link href={`/actions/new?agent=${encodeURIComponent(name)}`} className="button button-primary" data-testid="agent-run-action">
                Run an action
              </Link>
              <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)} data-testid="agent-remove">
                Remove
              </button>
            </>
          )
        }
      />
      <ErrorBanner message={agent.error?.message} onRetry={agent.reload} />
      {!view ? (
        !agent.error && <Loading />
      ) : (
        <div className="grid-2">
          <section className="card" aria-labelledby="agent-details-title">
            <h2 id="agent-details-title">Details</h2>
            <dl className="details" data-testid="agent-details">
              <dt>Role</dt>
              <dd>{view.role}</dd>
              <dt>Capabilities</dt>
              <dd>
                <span className="tags">
                  {view.capabilities.map((capability) => (
                    <span key={capability} className="tag">
                      {capability}
                    </span>
                  ))}
                </span>
              </dd>
              <dt>Location</dt>
              <dd className="mono">{locationText(view)}</dd>
              {view.ssh && (
                <>
                  <dt>Private key</dt>
                  <dd className="mono break">{view.ssh.privateKeyPath}</dd>
                </>
              )}
              <dt>Running</dt>
              <dd>
                {view.runningActions} of at most {view.maxConcurrency} at a time
              </dd>
              <dt>Last heartbeat</dt>
              <dd title={formatTimestamp(view.lastHeartbeatAt)}>{view.lastHeartbeatAt ? formatRelative(view.lastHeartbeatAt) : 'never'}</dd>
              <dt>Registered</dt>
              <dd>
                {formatTimestamp(view.createdAt)}
                {view.builtIn && <span className="tag tag-muted">built-in</span>}
              </dd>
              <dt>Updated</dt>
              <dd>{formatTimestamp(view.updatedAt)}</dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="agent-recent-title">
            <div className="card-header">
              <h2 id="agent-recent-title">Recent actions</h2>
              <Link href={`/actions?agent=${encodeURIComponent(name)}`} className="button button-small">
                History
              </Link>
            </div>
            {recent.data && recent.data.items.length === 0 && <p className="empty">This agent has not run anything yet.</p>}
            {recent.data && recent.data.items.length > 0 && (
              <ul className="recent-list">
                {recent.data.items.map((action) => (
                  <RecentAction key={action.id} action={action} />
                ))}
              </ul>
            )}
            {recent.error && <p className="muted">{recent.error.message}</p>}
          </section>
        </div>
      )}

      {confirming && (
        <ConfirmDialog
          title={`Remove ${name}?`}
          confirmLabel="Remove agent"
          busy={removing}
          error={removeError}
          onConfirm={remove}
          onCancel={closeDialog}
        >
          <p>
            The agent is removed from the registry and can no longer run actions. Its action history stays. An agent that is
            running actions cannot be removed.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
