import { useMemo, useState } from 'react';
import { MonitoringClient } from '../../api/monitoringClient';
import type { AlertView } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { MonitoringTabs } from './MonitoringTabs';
import './monitoring.css';

/** /monitoring/alerts: the active alerts (refreshed every 5 s), each acknowledgeable with a comment. */
export function MonitoringAlertsPage() {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const alerts = useResource((signal) => monitoring.listAlerts(undefined, signal), [monitoring], 5000);
  const operator = canOperate(caller.role);
  return (
    <>
      <PageHeader title="Alerts" subtitle="Alerts pending, firing, without data or in error; the same intervals are drawn as bands on the charts of their measurement." />
      <MonitoringTabs current="alerts" />
      <ErrorBanner message={alerts.error?.message} onRetry={alerts.reload} />
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.data && alerts.data.alerts.length === 0 && <p className="muted card">No active alert.</p>}
      <ul className="alert-list" data-testid="alert-list">
        {(alerts.data?.alerts ?? []).map((alert) => (
          <AlertItem key={alert.id} alert={alert} monitoring={monitoring} operator={operator} onChanged={alerts.reload} />
        ))}
      </ul>
    </>
  );
}

function AlertItem({ alert, monitoring, operator, onChanged }: { alert: AlertView; monitoring: MonitoringClient; operator: boolean; onChanged: () => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string>();
  const acknowledge = async () => {
    try {
      await monitoring.acknowledge(alert.id, comment);
      onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };
  return (
    <li className={`card alert-item alert-${alert.state.toLowerCase()}`} data-testid="alert-item">
      <div className="alert-head">
        <strong>{alert.ruleName}</strong>
        <span className="badge">{alert.state}</span>
        {alert.value !== null && <span className="muted">value {alert.value}</span>}
      </div>
      <div className="muted">
        {Object.entries(alert.labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(', ')}{' '}
        · since {new Date(alert.firedAt ?? alert.activeAt).toLocaleString()}
      </div>
      {alert.acknowledgment ? (
        <p className="muted">
          Acknowledged by {alert.acknowledgment.by}: {alert.acknowledgment.comment}
        </p>
      ) : (
        operator && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void acknowledge();
            }}
          >
            <input value={comment} onChange={(event) => setComment(event.target.value)} placeholder="Comment" aria-label="Acknowledgment comment" />
            <button type="submit" className="button button-small">
              Acknowledge
            </button>
          </form>
        )
      )}
      <ErrorBanner message={error} />
    </li>
  );
}
