import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { MonitoringClient } from '../../api/monitoringClient';
import type { Dashboard, DashboardDefinition, DashboardPanel } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { applyVariables, arrange, byReadingOrder, GRID_COLUMNS, stepRow, validateDashboard, variablesUsed } from '../../lib/dashboardLayout';
import { parseRange, rangeBounds, rangeQueryText, type TimeRange } from '../../lib/timeRange';
import { definitionOf, withPanel } from './dashboardDraft';
import { downloadBlob } from './download';
import { MetricChart } from './MetricChart';
import { PanelEditor } from './PanelEditor';
import { RangePicker } from './RangePicker';
import './monitoring.css';

const ROW_PX = 64;

/** A saved dashboard: its panels live on a 12-column grid; operators edit, arrange, save (versioned) and delete it. */
export function DashboardPage({ id }: { id: string }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const loaded = useResource((signal) => monitoring.getDashboard(id, signal), [monitoring, id]);
  const [saved, setSaved] = useState<Dashboard>();
  const [draft, setDraft] = useState<DashboardDefinition>();
  const [editing, setEditing] = useState(false);
  const [editingPanel, setEditingPanel] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [range, setRange] = useState<TimeRange>();
  const operator = canOperate(caller.role);
  const narrow = useNarrow();

  useEffect(() => {
    if (!loaded.data) return;
    setSaved(loaded.data);
    setDraft(definitionOf(loaded.data));
    setConflict(false);
    setRange((current) => current ?? parseRange(loaded.data?.timeRange) ?? { kind: 'relative', span: '1h' });
  }, [loaded.data]);

  if (loaded.error && !saved) return <ErrorBanner message={loaded.error.message} onRetry={loaded.reload} testId="dashboard-error" />;
  if (!saved || !draft || !range) return <Loading />;

  const dirty = JSON.stringify(draft) !== JSON.stringify(definitionOf(saved));
  const change = (next: DashboardDefinition) => {
    setDraft(next);
    setErrors({});
  };
  const move = (panel: DashboardPanel, delta: Partial<Record<'x' | 'y' | 'w' | 'h', number>>) =>
    change({
      ...draft,
      panels: arrange(draft.panels, panel.id, {
        x: panel.x + (delta.x ?? 0),
        y: delta.y ? stepRow(draft.panels, panel.id, delta.y > 0 ? 1 : -1) : panel.y,
        w: panel.w + (delta.w ?? 0),
        h: panel.h + (delta.h ?? 0),
      }),
    });

  const save = async () => {
    const found = validateDashboard(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      const updated = await monitoring.updateDashboard(saved.id, saved.version, draft);
      setSaved(updated);
      setDraft(definitionOf(updated));
      setEditing(false);
      setEditingPanel(null);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) setConflict(true);
      else if (caught instanceof ApiError) {
        setSaveError(caught.message);
        setErrors(Object.fromEntries(Object.entries(caught.fieldErrors).map(([key, messages]) => [key, messages.join(' ')])));
      } else setSaveError(String(caught));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await monitoring.deleteDashboard(saved.id);
      navigate('/monitoring');
    } catch (caught) {
      setSaveError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
      setDeleting(false);
    }
  };

  const exportPdf = async () => {
    setSaveError(undefined);
    try {
      const bounds = rangeBounds(range, Date.now());
      const blob = await monitoring.dashboardReport(saved.id, { from: new Date(bounds.from).toISOString(), to: new Date(bounds.to).toISOString() });
      downloadBlob(blob, `${saved.name}.pdf`);
    } catch (caught) {
      setSaveError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const variableNames = [...new Set([...Object.keys(draft.variables), ...variablesUsed(draft.panels)])].sort();
  const panels = [...draft.panels].sort(byReadingOrder);
  const rows = Math.max(1, ...draft.panels.map((panel) => panel.y + panel.h));

  return (
    <>
      <PageHeader
        title={<span data-testid="dashboard-name">{saved.name}</span>}
        breadcrumb={<Link href="/monitoring">Monitoring</Link>}
        subtitle={saved.description || undefined}
        actions={
          <>
            <button type="button" className="button button-small" onClick={() => void exportPdf()} data-testid="dashboard-pdf">
              PDF report
            </button>
            {operator && !editing && (
              <button type="button" className="button button-small" onClick={() => setEditing(true)} data-testid="dashboard-edit">
                Edit
              </button>
            )}
            {operator && editing && (
              <button type="button" className="button button-small button-primary" disabled={busy || !dirty} onClick={() => void save()} data-testid="dashboard-save">
                Save
              </button>
            )}
            {operator && editing && (
              <button
                type="button"
                className="button button-small button-ghost"
                onClick={() => {
                  setDraft(definitionOf(saved));
                  setEditing(false);
                  setEditingPanel(null);
                  setErrors({});
                }}
                data-testid="dashboard-discard"
              >
                {dirty ? 'Discard changes' : 'Done'}
              </button>
            )}
            {operator && (
              <button type="button" className="button button-small button-danger-outline" onClick={() => setDeleting(true)} data-testid="dashboard-delete">
                Delete
              </button>
            )}
          </>
        }
      />

      {conflict && (
        <div className="banner banner-error" role="alert" data-testid="dashboard-conflict">
          <p>This dashboard was changed elsewhere since you opened it. Reload to see the saved version (your unsaved changes are lost).</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setConflict(false);
              loaded.reload();
            }}
            data-testid="dashboard-reload"
          >
            Reload
          </button>
        </div>
      )}
      <ErrorBanner message={saveError} more={Object.values(errors).filter((_, index) => index < 5)} testId="dashboard-save-error" />

      <div className="dashboard-bar">
        <RangePicker range={range} onChange={setRange} />
        {variableNames.map((name) => (
          <label key={name} className="variable">
            ${name}
            <input
              value={draft.variables[name] ?? ''}
              onChange={(event) => change({ ...draft, variables: { ...draft.variables, [name]: event.target.value } })}
              aria-label={`Variable ${name}`}
              data-testid={`variable-${name}`}
            />
          </label>
        ))}
      </div>

      {editing && (
        <div className="dashboard-edit-bar">
          <label className="field field-inline">
            <span>Name</span>
            <input value={draft.name} onChange={(event) => change({ ...draft, name: event.target.value })} data-testid="dashboard-name-input" />
          </label>
          <label className="field field-inline">
            <span>Default range</span>
            <input value={draft.timeRange} onChange={(event) => change({ ...draft, timeRange: event.target.value })} size={5} />
          </label>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              const next = withPanel(draft, { measurement: '', field: '', aggregate: 'mean' }, null, 'New panel');
              change(next);
              setEditingPanel(next.panels[next.panels.length - 1]?.id ?? null);
            }}
            data-testid="panel-add"
          >
            Add panel
          </button>
        </div>
      )}

      {draft.panels.length === 0 && <p className="muted card">No panel yet. {operator ? 'Edit to add one, or add a chart from the explorer.' : ''}</p>}
      <div className="dashboard-grid" style={{ gridTemplateRows: `repeat(${rows}, ${ROW_PX}px)` }} data-testid="dashboard-grid">
        {panels.map((panel) => {
          const query = applyVariables(panel.query, draft.variables);
          const ready = query.measurement && query.field;
          return (
            <section
              key={panel.id}
              className="card dashboard-panel"
              style={{ gridColumn: `${panel.x + 1} / span ${panel.w}`, gridRow: `${panel.y + 1} / span ${panel.h}` }}
              aria-label={panel.title}
              data-testid="dashboard-panel"
              data-panel={panel.id}
              data-box={`${panel.x},${panel.y},${panel.w},${panel.h}`}
            >
              <header className="panel-head">
                <h2>{panel.title}</h2>
                <div className="panel-tools">
                  {ready && (
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      onClick={() => {
                        void monitoring
                          .queryCsv({ ...query, ...rangeQueryText(range) })
                          .then((blob) => downloadBlob(blob, `${panel.title}.csv`), (caught: unknown) => setSaveError(caught instanceof Error ? caught.message : String(caught)));
                      }}
                      data-testid="panel-csv"
                    >
                      CSV
                    </button>
                  )}
                  {editing && <PanelMoves panel={panel} move={move} onEdit={() => setEditingPanel(panel.id === editingPanel ? null : panel.id)} onRemove={() => change({ ...draft, panels: draft.panels.filter((item) => item.id !== panel.id) })} />}
                </div>
              </header>
              {editingPanel === panel.id ? (
                <PanelEditor panel={panel} errors={errors} index={draft.panels.indexOf(panel)} onChange={(next) => change({ ...draft, panels: draft.panels.map((item) => (item.id === panel.id ? next : item)) })} onClose={() => setEditingPanel(null)} />
              ) : ready ? (
                <MetricChart key={JSON.stringify([query, panel.compare, panel.kind])} query={query} range={range} compare={panel.compare} kind={panel.kind} height={narrow ? 200 : Math.max(100, panel.h * ROW_PX - (editing ? 190 : 120))} testId={`panel-${panel.id}`} />
              ) : (
                <p className="muted">Pick a measurement and a field.</p>
              )}
            </section>
          );
        })}
      </div>

      {deleting && (
        <ConfirmDialog title={`Delete ${saved.name}?`} confirmLabel="Delete" busy={busy} onConfirm={() => void remove()} onCancel={() => setDeleting(false)}>
          The dashboard and its panels are deleted for everyone; the metrics stay.
        </ConfirmDialog>
      )}
    </>
  );
}

/** Whether the page is one column (phones): panels then take a readable height of their own, not their grid rows'. */
function useNarrow(): boolean {
  const query = '(max-width: 900px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setNarrow(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return narrow;
}

/** Move and resize with buttons (they work with a keyboard and on a phone, where dragging does not). */
function PanelMoves({ panel, move, onEdit, onRemove }: { panel: DashboardPanel; move: (panel: DashboardPanel, delta: Partial<Record<'x' | 'y' | 'w' | 'h', number>>) => void; onEdit: () => void; onRemove: () => void }) {
  const tools: [string, string, Partial<Record<'x' | 'y' | 'w' | 'h', number>>, boolean][] = [
    ['←', 'Move left', { x: -1 }, panel.x > 0],
    ['→', 'Move right', { x: 1 }, panel.x + panel.w < GRID_COLUMNS],
    ['↑', 'Move up', { y: -1 }, panel.y > 0],
    ['↓', 'Move down', { y: 1 }, true],
    ['−W', 'Narrower', { w: -1 }, panel.w > 1],
    ['+W', 'Wider', { w: 1 }, panel.w < GRID_COLUMNS],
    ['−H', 'Shorter', { h: -1 }, panel.h > 2],
    ['+H', 'Taller', { h: 1 }, true],
  ];
  return (
    <>
      {tools.map(([text, label, delta, enabled]) => (
        <button key={label} type="button" className="button button-small button-ghost panel-move" title={label} aria-label={label} disabled={!enabled} onClick={() => move(panel, delta)} data-testid={`panel-${label.toLowerCase().replace(' ', '-')}`}>
          {text}
        </button>
      ))}
      <button type="button" className="button button-small button-ghost" onClick={onEdit} data-testid="panel-edit">
        Edit
      </button>
      <button type="button" className="button button-small button-ghost" onClick={onRemove} data-testid="panel-remove">
        Remove
      </button>
    </>
  );
}
