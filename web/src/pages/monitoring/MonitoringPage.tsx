import { useMemo, useState } from 'react';
import { MonitoringClient } from '../../api/monitoringClient';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { emptyDashboard } from './dashboardDraft';
import { MonitoringTabs } from './MonitoringTabs';
import './monitoring.css';

/** /monitoring: the saved dashboards, a new one, and the way into the explorer. */
export function MonitoringPage() {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const dashboards = useResource((signal) => monitoring.listDashboards(signal), [monitoring]);
  const measurements = useResource((signal) => monitoring.measurements(signal), [monitoring]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const operator = canOperate(caller.role);

  const create = async () => {
    setError(undefined);
    try {
      const created = await monitoring.createDashboard(emptyDashboard(name.trim()));
      navigate(hrefOf({ page: 'monitoring-dashboard', id: created.id }));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <>
      <PageHeader title="Monitoring" subtitle="Live charts of the platform's metrics and anything written to /write: saved dashboards, the metric explorer and alerts." />
      <MonitoringTabs current="dashboards" />
      <div className="monitoring-home">
        <section className="card" aria-labelledby="dashboards-title">
          <div className="card-header">
            <h2 id="dashboards-title">Dashboards</h2>
          </div>
          <ErrorBanner message={dashboards.error?.message} onRetry={dashboards.reload} testId="dashboards-error" />
          {dashboards.loading && !dashboards.data && <Loading />}
          {dashboards.data && dashboards.data.length === 0 && <p className="muted">No dashboard yet: make one here, or chart a metric in the explorer and add it to a new one.</p>}
          <ul className="dashboard-list" data-testid="dashboard-list">
            {(dashboards.data ?? []).map((item) => (
              <li key={item.id}>
                <Link href={hrefOf({ page: 'monitoring-dashboard', id: item.id })} data-testid="dashboard-link">
                  {item.name}
                </Link>
                <span className="muted">
                  {item.panels.length} {item.panels.length === 1 ? 'panel' : 'panels'} · {item.timeRange}
                  {item.description ? ` · ${item.description}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {operator && (
            <form
              className="inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (name.trim()) void create();
              }}
            >
              <input value={name} onChange={(event) => setName(event.target.value)} placeholder="New dashboard name" aria-label="New dashboard name" data-testid="dashboard-new-name" />
              <button type="submit" className="button button-primary button-small" disabled={!name.trim()} data-testid="dashboard-create">
                Create
              </button>
            </form>
          )}
          <ErrorBanner message={error} />
        </section>

        <section className="card" aria-labelledby="measurements-title">
          <div className="card-header">
            <h2 id="measurements-title">Measurements</h2>
            <Link href="/monitoring/explore" className="button button-small" data-testid="open-explorer">
              Open the explorer
            </Link>
          </div>
          <ErrorBanner message={measurements.error?.message} onRetry={measurements.reload} />
          <ul className="chips" data-testid="home-measurements">
            {(measurements.data ?? []).slice(0, 60).map((measurement) => (
              <li key={measurement}>
                <Link className="chip" href={hrefOf({ page: 'monitoring-explore', state: new URLSearchParams({ m: measurement }).toString() })}>
                  {measurement}
                </Link>
              </li>
            ))}
          </ul>
          {measurements.data && measurements.data.length === 0 && <p className="muted">No metrics stored yet.</p>}
        </section>
      </div>
    </>
  );
}
