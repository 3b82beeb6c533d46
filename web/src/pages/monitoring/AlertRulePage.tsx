import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { MonitoringClient } from '../../api/monitoringClient';
import type { AlertRule, AlertRuleInput, BacktestResult, MetricSeries, SeriesInfo } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { computeBands } from '../../lib/alertBands';
import {
  backtestIntervals,
  backtestQuery,
  draftFromRule,
  emptyDraft,
  labelText,
  OPERATORS,
  REDUCERS,
  RULE_FIELDS,
  ruleErrorsByField,
  ruleFromDraft,
  type RuleDraft,
  type RuleField,
} from '../../lib/alertRules';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { alignSeries, seriesName } from '../../lib/metricSeries';
import { parseDuration } from '../../lib/timeRange';
import { PALETTE, type ChartSeriesStyle } from './chartOptions';
import { MonitoringTabs } from './MonitoringTabs';
import { UPlotChart } from './UPlotChart';
import './monitoring.css';

type FieldErrors = Partial<Record<RuleField, string[]>>;
const BACKTEST_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
const FIELD_MAP = Object.fromEntries(RULE_FIELDS.map((field) => [field, field])) as Record<string, RuleField>;

/**
 * /monitoring/alerts/rules/{id} (or /new): the rule editor (threshold or anomaly; query, condition, for, labels,
 * annotations; the server's validation shown per field) and its backtest over stored history. Viewers read the rule
 * and may backtest it (a backtest changes nothing), but are offered no save or delete.
 */
export function AlertRulePage({ id }: { id?: string | undefined }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const loaded = useResource<AlertRule | null>((signal) => (id ? monitoring.getRule(id, signal) : Promise.resolve(null)), [monitoring, id]);
  const [draft, setDraft] = useState<RuleDraft>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  useEffect(() => {
    if (loaded.data !== undefined) setDraft(loaded.data ? draftFromRule(loaded.data) : emptyDraft());
  }, [loaded.data]);

  // Suggestions only: the store's measurements, and the numeric fields and tags of the one chosen.
  const measurements = useResource((signal) => monitoring.measurements(signal).catch((): string[] => []), [monitoring]);
  const measurement = draft?.measurement.trim() ?? '';
  const known = measurements.data?.includes(measurement) ?? false;
  const series = useResource((signal) => (known ? monitoring.series(measurement, '', 200, signal).catch((): SeriesInfo[] => []) : Promise.resolve<SeriesInfo[]>([])), [monitoring, measurement, known]);
  const fieldNames = [...new Set((series.data ?? []).flatMap((item) => Object.entries(item.fields).filter(([, type]) => type !== 'string').map(([name]) => name)))].sort();
  const tagNames = [...new Set((series.data ?? []).flatMap((item) => Object.keys(item.tags)))].sort();

  const showErrors = (found: Record<string, string[]>, message: string) => {
    const sorted = sortFieldErrors(ruleErrorsByField(found), FIELD_MAP);
    setErrors(sorted.byField);
    setOtherErrors(sorted.other);
    setFormError(message);
  };

  /** The rule as the API takes it, or null after showing what the form itself can see is wrong. */
  const checked = (): AlertRuleInput | null => {
    if (!draft) return null;
    setFormError(undefined);
    setOtherErrors([]);
    setSaved(undefined);
    const { rule, errors: local } = ruleFromDraft(draft);
    if (Object.keys(local).length > 0) {
      showErrors(local, 'Some fields need fixing.');
      return null;
    }
    setErrors({});
    return rule;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const rule = checked();
    if (!rule) return;
    setBusy(true);
    try {
      if (id) {
        const updated = await monitoring.updateRule(id, rule);
        setDraft(draftFromRule(updated));
        setSaved(`Saved at ${new Date().toLocaleTimeString()}.`);
      } else {
        const created = await monitoring.createRule(rule);
        navigate(`/monitoring/alerts/rules/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) showErrors(error.fieldErrors, 'Some fields need fixing.');
      else setFormError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!id) return;
    setBusy(true);
    try {
      await monitoring.deleteRule(id);
      navigate('/monitoring/alerts');
    } catch (error) {
      setDeleteError(messageOf(error));
      setBusy(false);
    }
  };

  if (loaded.error) {
    return (
      <>
        <PageHeader breadcrumb={<Link href="/monitoring/alerts">Alerts</Link>} title="Alert rule" />
        <ErrorBanner message={loaded.error.message} onRetry={loaded.reload} />
      </>
    );
  }
  if (!draft) return <Loading />;

  const set =
    (field: keyof RuleDraft) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      const value = event.target instanceof HTMLInputElement && event.target.type === 'checkbox' ? event.target.checked : event.target.value;
      setDraft((current) => (current ? { ...current, [field]: value } : current));
    };
  const control = (field: keyof RuleDraft, errorKey: RuleField, hint = false) => ({
    id: `rule-${field}`,
    name: field,
    value: draft[field] as string,
    onChange: set(field),
    'data-testid': `rule-${field}`,
    ...describedBy(`rule-${field}`, hint, errors[errorKey]),
  });
  const threshold = draft.type === 'threshold';

  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/monitoring/alerts">Alerts</Link>}
        title={id ? draft.name || 'Alert rule' : 'New alert rule'}
        subtitle={id ? `Rule ${id}${loaded.data?.createdBy ? ` · created by ${loaded.data.createdBy}` : ''}` : 'A query, a condition per series, how long it must hold, and what its alerts carry.'}
      />
      <MonitoringTabs current="alerts" />
      <form className="card form rule-form" onSubmit={save} noValidate data-testid="rule-form">
        <ErrorBanner message={formError} more={otherErrors} testId="rule-form-error" />
        {!operator && (
          <p className="muted" data-testid="rule-read-only">
            Your key is a viewer's: you can read and backtest this rule, not change it.
          </p>
        )}
        <fieldset disabled={!operator} className="rule-fieldset">
          <div className="form-grid">
            <Field label="Name" htmlFor="rule-name" errors={errors.name}>
              <input {...control('name', 'name')} autoComplete="off" />
            </Field>
            <Field label="Condition" htmlFor="rule-type" errors={errors['condition.type']} hint="Anomaly conditions use the analysis module's detector.">
              <select {...control('type', 'condition.type', true)}>
                <option value="threshold">Threshold</option>
                <option value="anomaly">Anomaly</option>
              </select>
            </Field>
          </div>

          <h3 className="form-section">Query</h3>
          <div className="form-grid">
            <Field label="Measurement" htmlFor="rule-measurement" errors={errors['query.measurement']}>
              <input {...control('measurement', 'query.measurement')} list="rule-measurements" autoComplete="off" spellCheck={false} className="mono" />
              <Suggestions id="rule-measurements" values={measurements.data ?? []} />
            </Field>
            <Field label="Field" htmlFor="rule-field" errors={errors['query.field']}>
              <input {...control('field', 'query.field')} list="rule-fields" autoComplete="off" spellCheck={false} className="mono" />
              <Suggestions id="rule-fields" values={fieldNames} />
            </Field>
            <Field label="Where" htmlFor="rule-where" optional errors={errors['query.where']} hint={<>Tag filters: <code>host=web-1,path=~^/var</code></>}>
              <input {...control('where', 'query.where', true)} autoComplete="off" spellCheck={false} className="mono" />
            </Field>
            <Field
              label="Group by"
              htmlFor="rule-groupBy"
              optional
              errors={errors['query.groupBy']}
              hint={tagNames.length > 0 ? `One alert per value of: ${tagNames.join(', ')} (or *).` : 'One alert per value: host,core (or *).'}
            >
              <input {...control('groupBy', 'query.groupBy', true)} autoComplete="off" spellCheck={false} className="mono" />
            </Field>
          </div>

          <h3 className="form-section">Condition</h3>
          <div className="form-grid form-grid-3">
            {threshold ? (
              <>
                <Field label="Reduce the window to" htmlFor="rule-reducer" errors={errors['condition.reducer']}>
                  <select {...control('reducer', 'condition.reducer')}>
                    {REDUCERS.map((reducer) => (
                      <option key={reducer} value={reducer}>
                        {reducer}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Operator" htmlFor="rule-operator" errors={errors['condition.operator']}>
                  <select {...control('operator', 'condition.operator')}>
                    {OPERATORS.map((operatorSymbol) => (
                      <option key={operatorSymbol} value={operatorSymbol}>
                        {operatorSymbol}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Threshold" htmlFor="rule-threshold" errors={errors['condition.threshold']}>
                  <input {...control('threshold', 'condition.threshold')} inputMode="decimal" autoComplete="off" />
                </Field>
                {draft.reducer === 'percentile' && (
                  <Field label="Percentile" htmlFor="rule-percentile" errors={errors['condition.percentile']}>
                    <input {...control('percentile', 'condition.percentile')} inputMode="decimal" autoComplete="off" placeholder="95" />
                  </Field>
                )}
              </>
            ) : (
              <Field label="Sensitivity" htmlFor="rule-sensitivity" optional errors={errors['condition.sensitivity']} hint="Robust standard deviations; 5 when empty.">
                <input {...control('sensitivity', 'condition.sensitivity', true)} inputMode="decimal" autoComplete="off" />
              </Field>
            )}
            <Field label="Window" htmlFor="rule-window" optional errors={errors['condition.window']} hint={threshold ? '5m when empty.' : '1h when empty.'}>
              <input {...control('window', 'condition.window', true)} autoComplete="off" spellCheck={false} placeholder={threshold ? '5m' : '1h'} />
            </Field>
            <Field label="For" htmlFor="rule-for" errors={errors.for} hint="How long it must hold before firing; 0s fires at once.">
              <input {...control('for', 'for', true)} autoComplete="off" spellCheck={false} />
            </Field>
            <Field label="Check every" htmlFor="rule-interval" errors={errors.interval}>
              <input {...control('interval', 'interval')} autoComplete="off" spellCheck={false} />
            </Field>
            <Field label="Without data" htmlFor="rule-noData" errors={errors.noData}>
              <select {...control('noData', 'noData')}>
                <option value="no-data">a no-data alert</option>
                <option value="ok">all clear</option>
              </select>
            </Field>
          </div>

          <div className="form-grid">
            <Field label="Labels" htmlFor="rule-labels" optional errors={errors.labels} hint={<>One <code>key=value</code> per line: severity=critical</>}>
              <textarea {...control('labels', 'labels', true)} rows={3} spellCheck={false} className="mono" />
            </Field>
            <Field
              label="Annotations"
              htmlFor="rule-annotations"
              optional
              errors={errors.annotations}
              hint={<>Templates: <code>summary=CPU on {'{{ $labels.host }}'} is {'{{ $value }}'}</code></>}
            >
              <textarea {...control('annotations', 'annotations', true)} rows={3} spellCheck={false} className="mono" />
            </Field>
          </div>
          <label className="checkbox-line">
            <input type="checkbox" checked={draft.enabled} onChange={set('enabled')} data-testid="rule-enabled" /> Enabled (checked every interval)
          </label>
        </fieldset>

        {operator && (
          <div className="form-actions">
            {saved && (
              <span className="muted rule-saved" data-testid="rule-saved">
                {saved}
              </span>
            )}
            {id && (
              <button type="button" className="button button-danger" onClick={() => setDeleting(true)} data-testid="rule-delete">
                Delete
              </button>
            )}
            <Link href="/monitoring/alerts" className="button">
              Cancel
            </Link>
            <button type="submit" className="button button-primary" disabled={busy} data-testid="rule-save">
              {busy ? 'Saving…' : id ? 'Save rule' : 'Create rule'}
            </button>
          </div>
        )}
      </form>

      <Backtest monitoring={monitoring} checked={checked} onErrors={(found) => showErrors(found, 'The backtest needs these fixed.')} rangeErrors={[...(errors.from ?? []), ...(errors.to ?? [])]} />

      {id && (
        <p>
          <Link href={`/monitoring/alerts?rule=${encodeURIComponent(id)}&state=all`} data-testid="rule-firings">
            Every firing of this rule →
          </Link>
        </p>
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete this rule?"
          confirmLabel="Delete"
          busy={busy}
          error={deleteError}
          onConfirm={() => void remove()}
          onCancel={() => {
            setDeleting(false);
            setDeleteError(undefined);
          }}
        >
          <p>It stops being checked. Its alerts and their history stay.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface BacktestRun {
  result: BacktestResult;
  rule: AlertRuleInput;
  series: MetricSeries[];
  from: number;
  to: number;
}

/** Runs the rule as written over stored history and draws the query with bands where it would have been pending or firing. */
function Backtest({
  monitoring,
  checked,
  onErrors,
  rangeErrors,
}: {
  monitoring: MonitoringClient;
  checked: () => AlertRuleInput | null;
  onErrors: (errors: Record<string, string[]>) => void;
  rangeErrors: string[];
}) {
  const [range, setRange] = useState<(typeof BACKTEST_RANGES)[number]>('1h');
  const [run, setRun] = useState<BacktestRun>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const start = async () => {
    const rule = checked();
    if (!rule) return;
    setBusy(true);
    setError(undefined);
    const to = Date.now();
    const from = to - (parseDuration(range) ?? 3_600_000);
    try {
      const result = await monitoring.backtest(rule, from, to);
      const data = await monitoring.query(backtestQuery(rule, from, to));
      setRun({ result, rule, series: data.series, from, to });
    } catch (caught) {
      setRun(undefined);
      if (caught instanceof ApiError && Object.keys(caught.fieldErrors).length > 0) onErrors(caught.fieldErrors);
      else setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card backtest" data-testid="backtest">
      <div className="backtest-bar">
        <h2>Backtest</h2>
        <p className="muted">Replays the rule as written (saved or not) over the stored points: when it would have gone pending, fired and resolved.</p>
        <div className="backtest-controls">
          <label className="field field-inline">
            <span>Over the last</span>
            <select value={range} onChange={(event) => setRange(event.target.value as (typeof BACKTEST_RANGES)[number])} data-testid="backtest-range">
              {BACKTEST_RANGES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button-primary" onClick={() => void start()} disabled={busy} data-testid="rule-backtest">
            {busy ? 'Running…' : 'Backtest'}
          </button>
        </div>
        {rangeErrors.length > 0 && (
          <ul className="field-errors" data-testid="backtest-range-errors">
            {rangeErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      <ErrorBanner message={error} testId="backtest-error" />
      {run && <BacktestView run={run} />}
    </section>
  );
}

function BacktestView({ run }: { run: BacktestRun }) {
  const { result, rule } = run;
  const bands = useMemo(() => computeBands(backtestIntervals(result), run.from, run.to), [result, run.from, run.to]);
  const { data, styles } = useMemo(() => {
    const shown = run.series.map((series) => ({ times: series.times, values: series.values }));
    const styles: ChartSeriesStyle[] = run.series.map((series, index) => ({
      label: seriesName(rule.query.measurement, rule.query.field, series.tags),
      color: PALETTE[index % PALETTE.length] ?? '#4f46e5',
    }));
    const limit = rule.condition.type === 'threshold' ? rule.condition.threshold : null;
    if (limit !== null && shown.length > 0) {
      // The threshold as a dashed line across the range, so a breach reads at a glance.
      shown.push({ times: [run.from, run.to], values: [limit, limit] });
      styles.push({ label: `threshold ${rule.condition.operator ?? ''} ${limit}`, color: '#dc2626', dashed: true });
    }
    return { data: alignSeries(shown), styles };
  }, [run, rule]);
  const fired = result.alerts.filter((alert) => alert.firedAt !== null).length;
  const noData = result.alerts.filter((alert) => alert.firedAt === null && alert.noDataAt).length;
  const pendingOnly = result.alerts.length - fired - noData;

  return (
    <div className="backtest-result" data-testid="backtest-result" data-fired={fired} data-from={result.from} data-to={result.to}>
      <p data-testid="backtest-summary">
        {result.evaluations.toLocaleString('en-US')} evaluations every {result.interval} over {result.seriesRead} series ({result.pointsRead.toLocaleString('en-US')} points):{' '}
        <strong>{fired === 0 ? 'it would not have fired' : `it would have fired ${fired} ${fired === 1 ? 'time' : 'times'}`}</strong>
        {noData > 0 && `, reported no data ${noData} ${noData === 1 ? 'time' : 'times'}`}
        {pendingOnly > 0 && `, and gone pending without firing ${pendingOnly} ${pendingOnly === 1 ? 'time' : 'times'}`}.
      </p>
      {run.series.length === 0 ? (
        <p className="muted">The query found no points in this range.</p>
      ) : (
        <UPlotChart data={data} series={styles} kind="line" bands={bands} xRange={{ from: run.from, to: run.to }} height={220} testId="backtest-chart" />
      )}
      <div className="band-legend" aria-hidden="true">
        <span className="band-key band-key-pending" /> pending <span className="band-key band-key-firing" /> firing
      </div>
      {result.alerts.length > 0 && (
        <ul className="backtest-alerts" data-testid="backtest-alerts">
          {result.alerts.map((alert, index) => (
            <li
              key={`${alert.activeAt}-${index}`}
              data-testid="backtest-alert"
              data-labels={labelText(alert.labels)}
              data-fired-at={alert.firedAt ?? ''}
              data-resolved-at={alert.resolvedAt ?? ''}
            >
              <span className="mono">{labelText(alert.labels) || 'all series'}</span>
              <span>pending {time(alert.activeAt)}</span>
              <span>{alert.firedAt ? `fired ${time(alert.firedAt)}` : alert.noDataAt ? `no data ${time(alert.noDataAt)}` : 'never fired'}</span>
              <span>{alert.resolvedAt ? `resolved ${time(alert.resolvedAt)}` : `still ${alert.finalState} at the end`}</span>
              {alert.peakValue !== null && <span>peak {alert.peakValue}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Suggestions({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.slice(0, 500).map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
}

function time(iso: string): string {
  return new Date(iso).toLocaleString();
}
