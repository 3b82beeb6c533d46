import { COMPARE_OFFSETS, PANEL_KINDS, type CompareOffset, type DashboardPanel, type PanelKind, type PanelQuery } from '../../api/monitoringTypes';

interface PanelEditorProps {
  panel: DashboardPanel;
  index: number;
  errors: Record<string, string>;
  onChange: (panel: DashboardPanel) => void;
  onClose: () => void;
}

const QUERY_FIELDS: { key: keyof PanelQuery; label: string; placeholder: string }[] = [
  { key: 'measurement', label: 'Measurement', placeholder: 'cpu' },
  { key: 'field', label: 'Field', placeholder: 'usage_user' },
  { key: 'where', label: 'Where', placeholder: 'host=$host' },
  { key: 'aggregate', label: 'Aggregate', placeholder: 'mean (empty: raw)' },
  { key: 'every', label: 'Every', placeholder: '10s' },
  { key: 'groupBy', label: 'Group by', placeholder: 'host' },
];

/** A panel's title, kind, query (variables such as $host allowed) and comparison. */
export function PanelEditor({ panel, index, errors, onChange, onClose }: PanelEditorProps) {
  const setQuery = (key: keyof PanelQuery, value: string) => {
    const query: PanelQuery = { ...panel.query, [key]: value };
    if (!value && key !== 'measurement' && key !== 'field') delete query[key];
    onChange({ ...panel, query });
  };
  const error = (path: string) => errors[`panels[${index}].${path}`];
  return (
    <div className="panel-editor" data-testid="panel-editor">
      <label className="field">
        <span>Title</span>
        <input value={panel.title} onChange={(event) => onChange({ ...panel, title: event.target.value })} data-testid="panel-title" />
        {error('title') && <span className="field-errors">{error('title')}</span>}
      </label>
      <div className="panel-editor-row">
        <label className="field">
          <span>Kind</span>
          <select value={panel.kind} onChange={(event) => onChange({ ...panel, kind: event.target.value as PanelKind })} data-testid="panel-kind">
            {PANEL_KINDS.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Compare with</span>
          <select value={panel.compare ?? ''} onChange={(event) => onChange({ ...panel, compare: (event.target.value || null) as CompareOffset | null })} data-testid="panel-compare">
            <option value="">nothing</option>
            {COMPARE_OFFSETS.map((offset) => (
              <option key={offset} value={offset}>
                {offset} earlier
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="panel-editor-row">
        {QUERY_FIELDS.map(({ key, label, placeholder }) => (
          <label key={key} className="field">
            <span>{label}</span>
            <input value={panel.query[key] ?? ''} placeholder={placeholder} onChange={(event) => setQuery(key, event.target.value)} data-testid={`panel-query-${key}`} />
            {error(`query.${key}`) && <span className="field-errors">{error(`query.${key}`)}</span>}
          </label>
        ))}
      </div>
      <button type="button" className="button button-small" onClick={onClose} data-testid="panel-editor-close">
        Done
      </button>
    </div>
  );
}
