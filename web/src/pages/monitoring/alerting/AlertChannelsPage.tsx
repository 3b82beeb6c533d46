import { useMemo, useState } from 'react';
import { messageOf } from '../../../api/client';
import { MonitoringClient } from '../../../api/monitoringClient';
import type { AlertChannel } from '../../../api/monitoringTypes';
import { useSession } from '../../../app/context';
import { Link } from '../../../app/router';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { MonitoringTabs } from '../MonitoringTabs';
import { AlertingNav, VIEWER_TITLE, WriteLink } from './AlertingNav';
import { SendTest } from './channelTest';
import '../monitoring.css';

/**
 * /monitoring/alerts/channels: where notifications go (email, Slack, signed webhooks). URLs show only their host and
 * secrets only whether they are set: the API never gives them back. Operators add, edit, test and delete.
 */
export function AlertChannelsPage() {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const channels = useResource((signal) => monitoring.listChannels(signal), [monitoring]);
  const [deleting, setDeleting] = useState<AlertChannel>();
  const [busy, setBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await monitoring.deleteChannel(deleting.id);
      setDeleting(undefined);
      setDeleteError(undefined);
      channels.reload();
    } catch (error) {
      setDeleteError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Channels"
        subtitle="Where alert notifications are delivered. The routing decides which alerts go to which channel."
        actions={
          <WriteLink href="/monitoring/alerts/channels/new" operator={operator} className="button button-primary" testId="channel-new">
            New channel
          </WriteLink>
        }
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="channels" />
      <ErrorBanner message={channels.error?.message} onRetry={channels.reload} />
      {channels.loading && !channels.data && <Loading />}
      {channels.data && channels.data.length === 0 && <p className="muted card">No channel yet.{operator ? ' "New channel" adds one; then point the routing at it.' : ''}</p>}
      <ul className="alert-list" data-testid="channel-list">
        {(channels.data ?? []).map((channel) => (
          <li key={channel.id} className="card alert-item" data-testid="channel-item" data-channel={channel.id} data-name={channel.name}>
            <div className="alert-head">
              <strong>{channel.name}</strong>
              <span className="badge">{channel.type}</span>
              <span className="muted mono">{channel.id}</span>
            </div>
            <div className="muted">{target(channel)}</div>
            <div className="silence-foot">
              <SendTest monitoring={monitoring} channelId={channel.id} operator={operator} />
              <span className="rule-actions">
                <Link href={`/monitoring/alerts/channels/${encodeURIComponent(channel.id)}`} className="button button-small" data-testid="channel-edit">
                  {operator ? 'Edit' : 'View'}
                </Link>
                <button type="button" className="button button-small button-danger" onClick={() => setDeleting(channel)} disabled={!operator} title={operator ? 'Delete this channel' : VIEWER_TITLE} data-testid="channel-delete">
                  Delete
                </button>
              </span>
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete channel ${deleting.name}?`}
          confirmLabel="Delete"
          busy={busy}
          error={deleteError}
          onConfirm={() => void remove()}
          onCancel={() => {
            setDeleting(undefined);
            setDeleteError(undefined);
          }}
        >
          <p>Its settings and secrets are removed. A channel the routing still uses cannot be deleted: take it out of the routing first.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** Where a channel delivers, as far as the API shows it. */
export function target(channel: AlertChannel): string {
  switch (channel.type) {
    case 'email':
      return `to ${channel.to.join(', ')} via ${channel.smtpHost ?? '?'}:${channel.smtpPort ?? '?'}${channel.hasPassword ? ' · password set' : ''}`;
    case 'slack':
      return `Slack webhook on ${channel.urlHost ?? '?'}`;
    case 'webhook':
      return `POST to ${channel.urlHost ?? '?'} · signing secret ${channel.hasSecret ? 'set' : 'not set'}`;
  }
}
