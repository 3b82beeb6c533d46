import { useMemo, useState } from 'react';
import { messageOf } from '../../api/client';
import { GitClient } from '../../api/gitClient';
import { GitHostingClient } from '../../api/gitHostingClient';
import type { HostingConnectionView } from '../../api/gitHostingTypes';
import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { isAdmin } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { gitHref } from '../git/gitText';
import { AddConnectionForm } from './AddConnectionForm';
import { providerLabel, repositoriesByConnection, sortConnections } from './connectionForm';
import './connections.css';

/** Hosting connections: the GitHub and GitLab accounts repositories are linked to. Everyone reads; admins add and remove. */
export function ConnectionsPage() {
  const { client, caller } = useSession();
  const hosting = useMemo(() => new GitHostingClient(client), [client]);
  const git = useMemo(() => new GitClient(client), [client]);
  const connections = useResource((signal) => hosting.listConnections(signal), [hosting]);
  // Only to say which repositories use a connection; the list works without it.
  const repositories = useResource((signal) => git.listRepositories(signal), [git]);
  const admin = isAdmin(caller.role);
  const [notice, setNotice] = useState<string>();
  const [removing, setRemoving] = useState<HostingConnectionView>();
  const [removeBusy, setRemoveBusy] = useState(false);
  const [removeError, setRemoveError] = useState<string>();

  const users = repositoriesByConnection(repositories.data ?? []);
  const list = sortConnections(connections.data ?? []);

  const added = (view: HostingConnectionView) => {
    setNotice(`Added connection ${view.name}. Link a repository to it when you register the repository on the Git page.`);
    connections.reload();
  };

  const closeDialog = () => {
    if (removeBusy) return;
    setRemoving(undefined);
    setRemoveError(undefined);
  };

  const remove = async () => {
    if (!removing) return;
    setRemoveBusy(true);
    setRemoveError(undefined);
    try {
      await hosting.removeConnection(removing.name);
      setNotice(`Removed connection ${removing.name}.`);
      setRemoving(undefined);
      connections.reload();
    } catch (caught) {
      setRemoveError(messageOf(caught));
    } finally {
      setRemoveBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        breadcrumb={<Link href={gitHref()}>Git</Link>}
        title="Hosting connections"
        subtitle="GitHub and GitLab accounts the platform talks to for pull requests and branch protection. Tokens are stored encrypted and never shown again."
      />

      {notice && (
        <div className="banner banner-notice" role="status" data-testid="connections-notice">
          <p>{notice}</p>
          <button type="button" className="button button-small button-ghost" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <ErrorBanner message={connections.error?.message} onRetry={connections.reload} testId="connections-error" />

      {!connections.data ? (
        !connections.error && <Loading />
      ) : list.length === 0 ? (
        <div className="card empty" data-testid="connections-empty">
          No hosting connections yet.{admin ? ' Add one below with an access token.' : ' An admin can add one.'}
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="connections-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Provider</th>
                <th scope="col">Base URL</th>
                <th scope="col">Webhook secret</th>
                <th scope="col">Used by</th>
                <th scope="col">Created</th>
                {admin && <th scope="col" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {list.map((connection) => {
                const usedBy = users.get(connection.name) ?? [];
                return (
                  <tr key={connection.name} data-testid={`connection-row-${connection.name}`}>
                    <td data-label="Name" className="strong nowrap">
                      {connection.name}
                    </td>
                    <td data-label="Provider">{providerLabel(connection.provider)}</td>
                    <td data-label="Base URL" className="mono small connection-url">
                      {connection.baseUrl}
                    </td>
                    <td data-label="Webhook secret" data-testid={`connection-secret-${connection.name}`}>
                      {connection.hasWebhookSecret ? 'set' : <span className="muted">none</span>}
                    </td>
                    <td data-label="Used by">
                      {usedBy.length === 0 ? (
                        <span className="muted">no repository</span>
                      ) : (
                        <span className="tags">
                          {usedBy.map((name) => (
                            <Link key={name} href={gitHref(name)} className="tag">
                              {name}
                            </Link>
                          ))}
                        </span>
                      )}
                    </td>
                    <td data-label="Created" className="small">
                      {/* One child: on a phone the cell is a flex row, which would space the two parts apart. */}
                      <span>
                        <span title={formatTimestamp(connection.createdAt)}>{formatRelative(connection.createdAt)}</span>
                        <span className="muted"> by {connection.createdBy}</span>
                      </span>
                    </td>
                    {admin && (
                      <td className="row-actions">
                        <button
                          type="button"
                          className="button button-small button-danger-outline"
                          onClick={() => setRemoving(connection)}
                          data-testid={`connection-remove-${connection.name}`}
                        >
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {admin ? (
        <AddConnectionForm hosting={hosting} onAdded={added} />
      ) : (
        <p className="muted small" data-testid="connections-admin-only">
          Only an admin key can add or remove connections.
        </p>
      )}

      {removing && (
        <ConfirmDialog title={`Remove ${removing.name}?`} confirmLabel="Remove connection" busy={removeBusy} error={removeError} onConfirm={() => void remove()} onCancel={closeDialog}>
          <p>
            The platform forgets this {providerLabel(removing.provider)} connection and its encrypted token. Nothing changes at the provider. A connection that a
            registered repository uses cannot be removed: remove those repositories first.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
