import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { MonitoringClient } from '../../api/monitoringClient';
import type { AlertRule, AlertView, Silence } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { describeCondition, HISTORY_STATES, labelText, stateQuery, type HistoryState } from '../../lib/alertRules';
import { silenceLinkFor, silencesOf } from '../../lib/alertSilences';
import { AlertingNav, WriteLink } from './alerting/AlertingNav';
import { MonitoringTabs } from './MonitoringTabs';
import { useAlertStream, type AlertStreamStatus } from './useAlertStream';
import './monitoring.css';

const PAGE = 50;
const STATUS_TEXT: Record<AlertStreamStatus, string> = { connecting: 'Connecting…', live: 'Live', polling: 'Refreshing every 5 s' };

/**
 * /monitoring/alerts: the rules (operators add, edit, enable, disable), then the alerts — active ones by default, or
 * every firing filtered by rule and state — each with its history and, while active, an acknowledgment with a
 * comment. The page follows the alert stream (`/alerts/stream`) and reloads what an event changes; while the socket
 * is down it refreshes every 5 s.
 */
export function MonitoringAlertsPage({ rule, state }: { rule?: string | undefined; state?: string | undefined }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const filter: HistoryState = (HISTORY_STATES as readonly string[]).includes(state ?? '') ? (state as HistoryState) : 'active';
  const [pages, setPages] = useState<string[]>([]);
  const [tick, setTick] = useState(0);
  const scheduled = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Many events come in bursts (a state change, then its notification): one reload for a burst.
  const changed = useCallback(() => {
    if (scheduled.current !== undefined) return;
    scheduled.current = setTimeout(() => {
      scheduled.current = undefined;
      setTick((value) => value + 1);
    }, 250);
  }, []);
  useEffect(() => () => clearTimeout(scheduled.current), []);
  const stream = useAlertStream(changed);

  const rules = useResource((signal) => monitoring.listRules(signal), [monitoring], stream === 'live' ? undefined : 5000);
  const alerts = useResource(
    async (signal) => {
      // The first page and every page "Load more" added, read again together so a reload keeps what is shown.
      const first = await monitoring.listAlerts(stateQuery(filter), signal, { rule, limit: PAGE });
      const all = [...first.alerts];
      let next = first.nextBefore;
      for (const before of pages) {
        if (next === null || before !== next) break;
        const page = await monitoring.listAlerts(stateQuery(filter), signal, { rule, limit: PAGE, before });
        all.push(...page.alerts);
        next = page.nextBefore;
      }
      return { alerts: all, nextBefore: next };
    },
    [monitoring, filter, rule, pages],
    stream === 'live' ? undefined : 5000,
  );
  // The active silences, to mark the alerts they mute (the dispatcher records the same as a "silenced" event).
  const silences = useResource((signal) => monitoring.listSilences(false, signal), [monitoring], stream === 'live' ? 15_000 : 5000);
  // An event reloads in place (keeping what is shown, and which histories are open) rather than starting afresh.
  const { reload: reloadRules } = rules;
  const { reload: reloadAlerts } = alerts;
  const { reload: reloadSilences } = silences;
  useEffect(() => {
    if (tick === 0) return;
    reloadRules();
    reloadAlerts();
    reloadSilences();
  }, [tick, reloadRules, reloadAlerts, reloadSilences]);

  const setFilter = (next: { rule?: string | undefined; state?: HistoryState }) => {
    const params = new URLSearchParams();
    const wantedRule = 'rule' in next ? next.rule : rule;
    const wantedState = next.state ?? filter;
    if (wantedRule) params.set('rule', wantedRule);
    if (wantedState !== 'active') params.set('state', wantedState);
    setPages([]);
    navigate(`/monitoring/alerts${params.toString() ? `?${params.toString()}` : ''}`, { replace: true });
  };

  const ruleName = (id: string) => rules.data?.find((item) => item.id === id)?.name ?? id;

  return (
    <>
      <PageHeader
        title="Alerts"
        subtitle="Rules, and the alerts they raised: pending, firing, acknowledged and resolved. Firing and pending intervals are drawn as bands on the charts of their measurement."
        actions={
          operator && (
            <Link href="/monitoring/alerts/rules/new" className="button button-primary" data-testid="rule-new">
              New rule
            </Link>
          )
        }
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="alerts" />

      <section className="card rules-card" data-testid="rules">
        <h2>Rules</h2>
        <ErrorBanner message={rules.error?.message} onRetry={rules.reload} />
        {rules.loading && !rules.data && <Loading />}
        {rules.data && rules.data.length === 0 && <p className="muted">No rule yet.{operator ? ' "New rule" adds one.' : ''}</p>}
        <ul className="rule-list" data-testid="rule-list">
          {(rules.data ?? []).map((item) => (
            <RuleItem key={item.id} rule={item} monitoring={monitoring} operator={operator} onChanged={rules.reload} />
          ))}
        </ul>
      </section>

      <section className="alerts-section">
        <div className="alerts-bar">
          <h2>{filter === 'active' ? 'Active alerts' : 'Alert history'}</h2>
          <span className="stream-status" data-testid="alert-stream-status" data-status={stream}>
            <span className={`live-dot live-${stream === 'live' ? 'live' : 'polling'}`} aria-hidden="true" />
            {STATUS_TEXT[stream]}
          </span>
          <div className="alerts-filters">
            <label className="field field-inline">
              <span>Rule</span>
              <select value={rule ?? ''} onChange={(event) => setFilter({ rule: event.target.value || undefined })} data-testid="alerts-filter-rule">
                <option value="">Every rule</option>
                {(rules.data ?? []).map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
                {rule && !rules.data?.some((item) => item.id === rule) && <option value={rule}>{rule}</option>}
              </select>
            </label>
            <label className="field field-inline">
              <span>State</span>
              <select value={filter} onChange={(event) => setFilter({ state: event.target.value as HistoryState })} data-testid="alerts-filter-state">
                {HISTORY_STATES.map((value) => (
                  <option key={value} value={value}>
                    {value === 'active' ? 'active (pending, firing, no data, error)' : value === 'all' ? 'every state' : value}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        <ErrorBanner message={alerts.error?.message} onRetry={alerts.reload} />
        {alerts.loading && !alerts.data && <Loading />}
        {alerts.data && alerts.data.alerts.length === 0 && <p className="muted card">{filter === 'active' ? 'No active alert.' : 'No alert matches.'}</p>}
        <ul className="alert-list" data-testid="alert-list">
          {(alerts.data?.alerts ?? []).map((alert) => (
            <AlertItem
              key={alert.id}
              alert={alert}
              ruleName={ruleName(alert.ruleId)}
              silencedBy={silencesOf(alert, silences.data ?? [], Date.now())}
              monitoring={monitoring}
              operator={operator}
              tick={tick}
              onChanged={alerts.reload}
            />
          ))}
        </ul>
        {alerts.data?.nextBefore && (
          <button type="button" className="button" onClick={() => setPages((current) => [...current, alerts.data?.nextBefore ?? ''])} data-testid="alerts-more">
            Load more
          </button>
        )}
      </section>
    </>
  );
}

function RuleItem({ rule, monitoring, operator, onChanged }: { rule: AlertRule; monitoring: MonitoringClient; operator: boolean; onChanged: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await monitoring.setRuleEnabled(rule.id, !rule.enabled);
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="rule-item" data-testid="rule-item" data-rule={rule.id}>
      <div className="rule-head">
        <Link href={`/monitoring/alerts/rules/${encodeURIComponent(rule.id)}`} className="rule-name" data-testid="rule-link">
          {rule.name}
        </Link>
        <span className={`badge ${rule.enabled ? 'badge-on' : 'badge-off'}`}>{rule.enabled ? 'enabled' : 'disabled'}</span>
      </div>
      <div className="muted rule-summary">
        <span className="mono">
          {rule.query.measurement}.{rule.query.field}
        </span>{' '}
        {describeCondition(rule)}
        {rule.for && rule.for !== '0s' ? ` for ${rule.for}` : ''} · every {rule.interval}
      </div>
      <div className="rule-actions">
        <Link href={`/monitoring/alerts?rule=${encodeURIComponent(rule.id)}&state=all`} className="button button-small button-ghost">
          Firings
        </Link>
        {operator && (
          <button type="button" className="button button-small" onClick={() => void toggle()} disabled={busy} data-testid="rule-toggle">
            {rule.enabled ? 'Disable' : 'Enable'}
          </button>
        )}
      </div>
      <ErrorBanner message={error} />
    </li>
  );
}

function AlertItem({
  alert,
  ruleName,
  silencedBy,
  monitoring,
  operator,
  tick,
  onChanged,
}: {
  alert: AlertView;
  ruleName: string;
  silencedBy: Silence[];
  monitoring: MonitoringClient;
  operator: boolean;
  tick: number;
  onChanged: () => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState(false);
  const active = ['pending', 'firing', 'no-data', 'error'].includes(alert.state.toLowerCase());
  const acknowledge = async () => {
    try {
      await monitoring.acknowledge(alert.id, comment);
      setError(undefined);
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <li className={`card alert-item alert-${alert.state.toLowerCase()}`} data-testid="alert-item" data-alert={alert.id} data-state={alert.state} data-silenced={silencedBy.length > 0}>
      <div className="alert-head">
        <strong>{alert.ruleName || ruleName}</strong>
        <span className="badge">{alert.state}</span>
        {alert.acknowledgment && <span className="badge badge-ack">acknowledged</span>}
        {silencedBy.length > 0 && (
          <Link
            href={`/monitoring/alerts/silences/${encodeURIComponent(silencedBy[0]?.id ?? '')}`}
            className="badge badge-silenced"
            title={`Silenced until ${new Date(silencedBy[0]?.endsAt ?? '').toLocaleString()}: ${silencedBy[0]?.comment ?? ''}`}
            data-testid="alert-silenced"
          >
            silenced
          </Link>
        )}
        {alert.value !== null && <span className="muted">value {alert.value}</span>}
      </div>
      <div className="muted">
        {labelText(alert.labels) || 'all series'} · pending {when(alert.activeAt)}
        {alert.firedAt && ` · fired ${when(alert.firedAt)}`}
        {alert.resolvedAt && ` · resolved ${when(alert.resolvedAt)}`}
      </div>
      {alert.annotations.summary && <p className="alert-summary">{alert.annotations.summary}</p>}
      {alert.acknowledgment ? (
        <p className="muted" data-testid="alert-ack">
          Acknowledged by {alert.acknowledgment.by}: {alert.acknowledgment.comment}
        </p>
      ) : (
        operator &&
        active && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void acknowledge();
            }}
          >
            <input value={comment} onChange={(event) => setComment(event.target.value)} placeholder="What is being done about it" aria-label="Acknowledgment comment" data-testid="ack-comment" />
            <button type="submit" className="button button-small" data-testid="ack-submit">
              Acknowledge
            </button>
          </form>
        )
      )}
      <ErrorBanner message={error} />
      {active && silencedBy.length === 0 && (
        <div className="alert-actions">
          <WriteLink href={silenceLinkFor(alert.labels)} operator={operator} className="button button-small button-ghost" testId="alert-silence">
            Silence
          </WriteLink>
        </div>
      )}
      <button type="button" className="link-button" onClick={() => setOpen((value) => !value)} aria-expanded={open} data-testid="alert-events-toggle">
        {open ? 'Hide history' : 'History'}
      </button>
      {open && <AlertEvents alertId={alert.id} monitoring={monitoring} tick={tick} />}
    </li>
  );
}

function AlertEvents({ alertId, monitoring, tick }: { alertId: string; monitoring: MonitoringClient; tick: number }) {
  const events = useResource((signal) => monitoring.alertHistory({ alert: alertId, limit: 100 }, signal), [monitoring, alertId]);
  const { reload } = events;
  const openedAt = useRef(tick);
  useEffect(() => {
    if (tick !== openedAt.current) reload();
  }, [tick, reload]);
  if (events.error) return <ErrorBanner message={events.error.message} onRetry={events.reload} />;
  if (!events.data) return <Loading />;
  return (
    <ol className="alert-events" data-testid="alert-events">
      {events.data.events.map((event) => (
        <li key={event.id} data-testid="alert-event" data-type={event.type} data-to={event.to ?? ''}>
          <time dateTime={event.at}>{when(event.at)}</time>{' '}
          <strong>{event.type === 'state-changed' ? `${event.from ?? '?'} → ${event.to ?? '?'}` : event.type}</strong>
          {event.channel && ` via ${event.channel}`}
          {event.by && ` by ${event.by}`}
          {event.value !== null && ` · value ${event.value}`}
          {event.message && <span className="muted"> · {event.message}</span>}
        </li>
      ))}
    </ol>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}
