import { useState } from 'react';
import type { ApiClient } from '../../../api/client';
import { messageOf } from '../../../api/client';
import { NotificationsClient } from '../../../api/notificationsClient';
import { NOTIFICATION_DELIVERY_STATUSES, type NotificationDeliveryStatus, type NotificationRule } from '../../../api/notificationTypes';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { SendTest } from '../../../components/SendTest';
import { formatTimestamp } from '../../../lib/format';
import { RuleForm } from './RuleForm';
import { deliveryEvents, deliveryOutcome, deliveryResult, ruleScope, ruleTarget } from './notificationRules';
import './notifications.css';

const ADMIN_TITLE = 'Notification rules are admin-only: your key can read the deliveries.';
/** Deliveries shown at first, and added by each "Show more" (the server's largest page is 500). */
const PAGE = 20;
const MAX_PAGE = 500;
/** Deliveries are sent in the background: the list looks again this often so a retry's outcome shows up. */
const REFRESH_MS = 5000;

/**
 * The Testing page's Notifications tab: rules that tell a webhook or a mailbox about failed, errored, timed-out,
 * recovered and flaky runs (admin: list, add, edit, remove, send a test), and the recent deliveries (every key).
 */
export function NotificationsPanel({ api, admin }: { api: ApiClient; admin: boolean }) {
  const [notifications] = useState(() => new NotificationsClient(api));
  const rules = useResource<NotificationRule[] | null>((signal) => (admin ? notifications.listRules(signal) : Promise.resolve(null)), [notifications, admin]);
  const [editing, setEditing] = useState<NotificationRule | 'new'>();
  const [deleting, setDeleting] = useState<NotificationRule>();
  const [deleteError, setDeleteError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [ruleFilter, setRuleFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState<NotificationDeliveryStatus | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const deliveries = useResource(
    (signal) => notifications.deliveries({ rule: ruleFilter || undefined, status: statusFilter || undefined, limit }, signal),
    [notifications, ruleFilter, statusFilter, limit],
    REFRESH_MS,
  );

  const saved = (rule: NotificationRule) => {
    setNotice(`${editing === 'new' ? 'Added' : 'Saved'} rule ${rule.name}.`);
    setEditing(undefined);
    rules.reload();
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await notifications.deleteRule(deleting.id);
      setNotice(`Removed rule ${deleting.name}; its deliveries stay listed.`);
      if (ruleFilter === deleting.id) setRuleFilter('');
      setDeleting(undefined);
      setDeleteError(undefined);
      rules.reload();
    } catch (error) {
      setDeleteError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notify" data-testid="notifications-panel">
      <section className="card" aria-labelledby="notify-rules-title">
        <div className="card-header">
          <h2 id="notify-rules-title">Rules</h2>
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => {
              setNotice(undefined);
              setEditing('new');
            }}
            disabled={!admin || editing !== undefined}
            title={admin ? 'Add a webhook or email rule' : ADMIN_TITLE}
            data-testid="rule-new"
          >
            New rule
          </button>
        </div>
        {notice && (
          <p className="muted" role="status" data-testid="rule-notice">
            {notice}
          </p>
        )}
        {!admin && (
          <p className="muted" data-testid="rules-admin-only">
            {ADMIN_TITLE} <code>lightning test notify</code> manages them from the command line.
          </p>
        )}
        {editing !== undefined && (
          <RuleForm key={editing === 'new' ? 'new' : editing.id} notifications={notifications} stored={editing === 'new' ? null : editing} onSaved={saved} onCancel={() => setEditing(undefined)} />
        )}
        <ErrorBanner message={rules.error?.message} onRetry={rules.reload} />
        {admin && rules.loading && !rules.data && <Loading />}
        {rules.data && rules.data.length === 0 && editing === undefined && (
          <p className="muted" data-testid="rules-empty">
            No rule yet: runs notify nobody. “New rule” adds a signed webhook or an email.
          </p>
        )}
        <ul className="notify-rules" data-testid="rule-list">
          {(rules.data ?? []).map((rule) => (
            <li key={rule.id} className="notify-rule" data-testid="rule-item" data-rule={rule.id} data-name={rule.name}>
              <div className="notify-rule-head">
                <strong>{rule.name}</strong>
                <span className="badge">{rule.channel}</span>
                {!rule.enabled && (
                  <span className="badge badge-cancelled" data-testid="rule-disabled">
                    disabled
                  </span>
                )}
              </div>
              <div className="muted notify-line mono" data-testid="rule-target">
                {ruleTarget(rule)}
              </div>
              <div className="muted notify-line">{ruleScope(rule)}</div>
              <div className="notify-rule-foot">
                <SendTest
                  send={async () => deliveryResult(await notifications.testRule(rule.id))}
                  allowed={admin}
                  deniedTitle={ADMIN_TITLE}
                  testId="rule-test"
                  onSent={deliveries.reload}
                />
                <span className="notify-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      setNotice(undefined);
                      setEditing(rule);
                    }}
                    disabled={editing !== undefined}
                    data-testid="rule-edit"
                  >
                    Edit
                  </button>
                  <button type="button" className="button button-small button-danger" onClick={() => setDeleting(rule)} data-testid="rule-delete">
                    Remove
                  </button>
                </span>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="notify-deliveries-title">
        <div className="card-header">
          <h2 id="notify-deliveries-title">Recent deliveries</h2>
        </div>
        <div className="filters notify-filters">
          {admin && (
            <div className="field field-inline">
              <label htmlFor="delivery-filter-rule">Rule</label>
              <select id="delivery-filter-rule" value={ruleFilter} onChange={(event) => setRuleFilter(event.target.value)} data-testid="delivery-filter-rule">
                <option value="">All</option>
                {(rules.data ?? []).map((rule) => (
                  <option key={rule.id} value={rule.id}>
                    {rule.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field field-inline">
            <label htmlFor="delivery-filter-status">Status</label>
            <select id="delivery-filter-status" value={statusFilter} onChange={(event) => setStatusFilter(event.target.value as NotificationDeliveryStatus | '')} data-testid="delivery-filter-status">
              <option value="">Any</option>
              {NOTIFICATION_DELIVERY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorBanner message={deliveries.error?.message} onRetry={deliveries.reload} />
        {deliveries.loading && !deliveries.data && <Loading />}
        {deliveries.data && deliveries.data.items.length === 0 && (
          <p className="muted" data-testid="deliveries-empty">
            No delivery yet{ruleFilter || statusFilter ? ' with these filters' : ''}.
          </p>
        )}
        <ul className="notify-deliveries" data-testid="delivery-list">
          {(deliveries.data?.items ?? []).map((delivery) => (
            <li key={delivery.id} className="notify-delivery" data-testid="delivery-item" data-delivery={delivery.id} data-status={delivery.status} data-rule={delivery.ruleId}>
              <div className="notify-rule-head">
                <span className={`badge badge-${delivery.status === 'delivered' ? 'succeeded' : delivery.status}`} data-testid="delivery-status">
                  {delivery.status}
                </span>
                <strong>{delivery.ruleName}</strong>
                <span className="muted">{deliveryEvents(delivery)}</span>
                <time className="muted notify-time" dateTime={delivery.createdAt} title={delivery.finishedAt ? `finished ${formatTimestamp(delivery.finishedAt)}` : undefined}>
                  {formatTimestamp(delivery.createdAt)}
                </time>
              </div>
              <div className="notify-line" data-testid="delivery-outcome">
                {delivery.channel} to <span className="mono">{delivery.target}</span>: {deliveryOutcome(delivery)}
              </div>
              {delivery.runId && (
                <div className="notify-line">
                  <Link href={hrefOf({ page: 'test-run', id: delivery.runId })} className="mono">
                    {delivery.runId}
                  </Link>
                </div>
              )}
            </li>
          ))}
        </ul>
        {deliveries.data?.next && limit < MAX_PAGE && (
          <div className="load-more">
            <button type="button" className="button" onClick={() => setLimit((current) => Math.min(current + PAGE, MAX_PAGE))} data-testid="deliveries-more">
              Show more
            </button>
          </div>
        )}
      </section>

      {deleting && (
        <ConfirmDialog
          title={`Remove rule ${deleting.name}?`}
          confirmLabel="Remove"
          busy={busy}
          error={deleteError}
          onConfirm={() => void remove()}
          onCancel={() => {
            setDeleting(undefined);
            setDeleteError(undefined);
          }}
        >
          <p>Runs no longer notify {deleting.channel === 'email' ? deleting.to.join(', ') : deleting.url}. Its past deliveries stay listed under its name.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
