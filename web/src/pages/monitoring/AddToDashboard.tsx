import { useState } from 'react';
import type { MonitoringClient } from '../../api/monitoringClient';
import type { CompareOffset, PanelQuery } from '../../api/monitoringTypes';
import { navigate } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { definitionOf, emptyDashboard, withPanel } from './dashboardDraft';

const NEW = '__new__';

/** "Add to dashboard": the chart's query as a new panel of a saved dashboard, or of a new one. */
export function AddToDashboard({ monitoring, query, compare }: { monitoring: MonitoringClient; query: PanelQuery; compare: CompareOffset | null }) {
  const [open, setOpen] = useState(false);
  const [dashboards, setDashboards] = useState<{ id: string; name: string }[]>([]);
  const [target, setTarget] = useState(NEW);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const show = async () => {
    setOpen(true);
    setError(undefined);
    try {
      const list = await monitoring.listDashboards();
      setDashboards(list);
      setTarget(list[0]?.id ?? NEW);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      let id: string;
      if (target === NEW) {
        const created = await monitoring.createDashboard(withPanel(emptyDashboard(name.trim() || `${query.measurement} dashboard`), query, compare));
        id = created.id;
      } else {
        const current = await monitoring.getDashboard(target);
        await monitoring.updateDashboard(current.id, current.version, withPanel(definitionOf(current), query, compare));
        id = current.id;
      }
      navigate(hrefOf({ page: 'monitoring-dashboard', id }));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" className="button button-small button-primary" onClick={() => void show()} data-testid="add-to-dashboard">
        Add to dashboard
      </button>
    );
  return (
    <form
      className="add-to-dashboard"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
      data-testid="add-to-dashboard-form"
    >
      <select value={target} onChange={(event) => setTarget(event.target.value)} aria-label="Dashboard" data-testid="add-target">
        {dashboards.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
        <option value={NEW}>New dashboard…</option>
      </select>
      {target === NEW && <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Dashboard name" aria-label="New dashboard name" data-testid="add-name" />}
      <button type="submit" className="button button-small button-primary" disabled={busy} data-testid="add-confirm">
        Add
      </button>
      <button type="button" className="button button-small button-ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <span className="field-errors" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
