import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import { MonitoringClient } from '../../../api/monitoringClient';
import type { Silence, TagOperator } from '../../../api/monitoringTypes';
import { useSession } from '../../../app/context';
import { Link, navigate } from '../../../app/router';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { describedBy, Field } from '../../../components/Field';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import {
  draftForLabels,
  draftFromSilence,
  emptySilenceDraft,
  formRowOf,
  labelsFromQuery,
  MATCHER_OPERATORS,
  matchesLabels,
  silenceErrorKey,
  silenceFromDraft,
  silenceState,
  type SilenceDraft,
} from '../../../lib/alertSilences';
import { labelText } from '../../../lib/alertRules';
import { MonitoringTabs } from '../MonitoringTabs';
import { AlertingNav, VIEWER_TITLE } from './AlertingNav';
import '../monitoring.css';

type Errors = Record<string, string[]>;

/**
 * /monitoring/alerts/silences/new (prefilled from `?label=key=value`, as the alerts list's "Silence" opens it) and
 * /monitoring/alerts/silences/{id}: matchers (label, operator, value), a duration or an end time, an optional start
 * and a comment; the current alerts it would mute are shown as it is typed. The server's validation lands under the
 * field it names.
 */
export function SilencePage({ id, labels }: { id?: string | undefined; labels?: string | undefined }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const loaded = useResource<Silence | null>((signal) => (id ? monitoring.getSilence(id, signal) : Promise.resolve(null)), [monitoring, id]);
  const alerts = useResource((signal) => monitoring.listAlerts(undefined, signal, { limit: 1000 }), [monitoring]);
  const [draft, setDraft] = useState<SilenceDraft>();
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState<string[]>([]);
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [expiring, setExpiring] = useState(false);
  const [expireError, setExpireError] = useState<string>();

  useEffect(() => {
    if (loaded.data === undefined) return;
    if (loaded.data) setDraft(draftFromSilence(loaded.data));
    else {
      const prefill = labelsFromQuery(new URLSearchParams(labels ?? ''));
      setDraft(Object.keys(prefill).length > 0 ? draftForLabels(prefill) : emptySilenceDraft());
    }
  }, [loaded.data, labels]);

  const ended = loaded.data ? silenceState(loaded.data, Date.now()) === 'expired' : false;
  const editable = operator && !ended;

  // What the matchers as typed would mute: the dispatcher mutes firing, no-data and error alerts.
  const preview = useMemo(() => {
    if (!draft || !alerts.data) return null;
    const matchers = draft.matchers.filter((row) => row.key.trim()).map((row) => ({ key: row.key.trim(), operator: row.operator, value: row.value }));
    if (matchers.length === 0) return null;
    const hits = alerts.data.alerts.filter((alert) => ['firing', 'no-data', 'error'].includes(alert.state.toLowerCase()) && matchesLabels(matchers, alert.labels) === true);
    return hits;
  }, [draft, alerts.data]);

  const showServerErrors = (found: Errors, current: SilenceDraft) => {
    const byField: Errors = {};
    const rest: string[] = [];
    for (const [key, messages] of Object.entries(found)) {
      let field = silenceErrorKey(key);
      const row = /^matcher-(\d+)$/.exec(field);
      if (row) field = `matcher-${formRowOf(current, Number(row[1]))}`;
      if (field === key && !['matchers', 'startsAt', 'endsAt', 'comment'].includes(field)) rest.push(...messages);
      else byField[field] = [...(byField[field] ?? []), ...messages];
    }
    setErrors(byField);
    setOther(rest);
    setFormError('Some fields need fixing.');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setFormError(undefined);
    setOther([]);
    const { request, errors: local } = silenceFromDraft(draft, Date.now());
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFormError('Some fields need fixing.');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (id) await monitoring.updateSilence(id, request);
      else await monitoring.createSilence(request);
      navigate('/monitoring/alerts/silences');
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) showServerErrors(error.fieldErrors, draft);
      else setFormError(messageOf(error));
      setBusy(false);
    }
  };

  const expire = async () => {
    if (!id) return;
    setBusy(true);
    try {
      await monitoring.expireSilence(id);
      navigate('/monitoring/alerts/silences');
    } catch (error) {
      setExpireError(messageOf(error));
      setBusy(false);
    }
  };

  const header = (
    <>
      <PageHeader
        breadcrumb={<Link href="/monitoring/alerts/silences">Silences</Link>}
        title={id ? 'Silence' : 'New silence'}
        subtitle={loaded.data ? `${loaded.data.id} · created by ${loaded.data.createdBy} ${new Date(loaded.data.createdAt).toLocaleString()}` : 'Mute the notifications of the alerts that match, for a while.'}
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="silences" />
    </>
  );
  if (loaded.error) {
    return (
      <>
        {header}
        <ErrorBanner message={loaded.error.message} onRetry={loaded.reload} />
      </>
    );
  }
  if (!draft) return <Loading />;

  const update = (change: Partial<SilenceDraft>) => setDraft((current) => (current ? { ...current, ...change } : current));
  const setRow = (index: number, change: Partial<SilenceDraft['matchers'][number]>) =>
    update({ matchers: draft.matchers.map((row, at) => (at === index ? { ...row, ...change } : row)) });

  return (
    <>
      {header}
      <form className="card form rule-form" onSubmit={save} noValidate data-testid="silence-form">
        <ErrorBanner message={formError} more={other} testId="silence-form-error" />
        {!operator && (
          <p className="muted" data-testid="silence-read-only">
            {VIEWER_TITLE}
          </p>
        )}
        {operator && ended && <p className="muted">This silence has ended; it can no longer change. Make a new one instead.</p>}
        <fieldset disabled={!editable} className="rule-fieldset">
          <h3 className="form-section">Matchers</h3>
          <p className="muted hint">Alerts whose labels match every matcher are muted. Regular expressions (=~, !~) match the whole value.</p>
          <ErrorList id="silence-matchers-errors" messages={errors.matchers} />
          <ol className="matcher-rows" data-testid="silence-matchers">
            {draft.matchers.map((row, index) => (
              <li key={index} className="matcher-row" data-testid="silence-matcher">
                <input
                  value={row.key}
                  onChange={(event) => setRow(index, { key: event.target.value })}
                  placeholder="label"
                  aria-label={`Matcher ${index + 1} label`}
                  className="mono"
                  spellCheck={false}
                  data-testid="matcher-key"
                  {...describedBy(`matcher-${index}`, false, errors[`matcher-${index}`])}
                />
                <select value={row.operator} onChange={(event) => setRow(index, { operator: event.target.value as TagOperator })} aria-label={`Matcher ${index + 1} operator`} data-testid="matcher-operator">
                  {MATCHER_OPERATORS.map((item) => (
                    <option key={item.operator} value={item.operator}>
                      {item.symbol}
                    </option>
                  ))}
                </select>
                <input
                  value={row.value}
                  onChange={(event) => setRow(index, { value: event.target.value })}
                  placeholder="value"
                  aria-label={`Matcher ${index + 1} value`}
                  className="mono"
                  spellCheck={false}
                  data-testid="matcher-value"
                />
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => update({ matchers: draft.matchers.filter((_, at) => at !== index) })}
                  disabled={draft.matchers.length === 1}
                  aria-label={`Remove matcher ${index + 1}`}
                  data-testid="matcher-remove"
                >
                  ×
                </button>
                <ErrorList id={`matcher-${index}-errors`} messages={errors[`matcher-${index}`]} />
              </li>
            ))}
          </ol>
          <div>
            <button type="button" className="button button-small" onClick={() => update({ matchers: [...draft.matchers, { key: '', operator: 'equal', value: '' }] })} data-testid="matcher-add">
              Add matcher
            </button>
          </div>
          <p className="muted" data-testid="silence-preview" data-count={preview?.length ?? ''}>
            {preview === null
              ? 'Give a matcher to see which current alerts it mutes.'
              : preview.length === 0
                ? 'No current firing alert matches.'
                : `Mutes ${preview.length} current ${preview.length === 1 ? 'alert' : 'alerts'}: ${preview
                    .slice(0, 5)
                    .map((alert) => `${alert.ruleName}${labelText(alert.labels) ? ` (${labelText(alert.labels)})` : ''}`)
                    .join('; ')}${preview.length > 5 ? '; …' : ''}`}
          </p>

          <h3 className="form-section">When</h3>
          <div className="form-grid form-grid-3">
            <Field label="Starts" htmlFor="silence-starts" optional errors={errors.startsAt} hint="Empty: now.">
              <input id="silence-starts" type="datetime-local" value={draft.startsAt} onChange={(event) => update({ startsAt: event.target.value })} data-testid="silence-starts" {...describedBy('silence-starts', true, errors.startsAt)} />
            </Field>
            <div className="field">
              <span className="field-label">Ends</span>
              <label className="checkbox-line">
                <input type="radio" name="silence-mode" checked={draft.mode === 'duration'} onChange={() => update({ mode: 'duration' })} data-testid="silence-mode-duration" /> after a duration
              </label>
              <label className="checkbox-line">
                <input type="radio" name="silence-mode" checked={draft.mode === 'end'} onChange={() => update({ mode: 'end', endsAt: draft.endsAt || '' })} data-testid="silence-mode-end" /> at a time
              </label>
            </div>
            {draft.mode === 'duration' ? (
              <Field label="Duration" htmlFor="silence-duration" errors={errors.endsAt} hint="30m, 2h, 1d, 1h30m">
                <input id="silence-duration" value={draft.duration} onChange={(event) => update({ duration: event.target.value })} spellCheck={false} autoComplete="off" data-testid="silence-duration" {...describedBy('silence-duration', true, errors.endsAt)} />
              </Field>
            ) : (
              <Field label="End time" htmlFor="silence-ends" errors={errors.endsAt}>
                <input id="silence-ends" type="datetime-local" value={draft.endsAt} onChange={(event) => update({ endsAt: event.target.value })} data-testid="silence-ends" {...describedBy('silence-ends', false, errors.endsAt)} />
              </Field>
            )}
          </div>
          <Field label="Comment" htmlFor="silence-comment" errors={errors.comment} hint="Why the alerts are muted: a maintenance window, a known issue and its ticket.">
            <textarea id="silence-comment" value={draft.comment} onChange={(event) => update({ comment: event.target.value })} rows={2} data-testid="silence-comment" {...describedBy('silence-comment', true, errors.comment)} />
          </Field>
        </fieldset>
        <div className="form-actions">
          {id && !ended && (
            <button type="button" className="button button-danger" onClick={() => setExpiring(true)} disabled={!operator} title={operator ? 'End the silence now' : VIEWER_TITLE} data-testid="silence-form-expire">
              Expire
            </button>
          )}
          <Link href="/monitoring/alerts/silences" className="button">
            {editable ? 'Cancel' : 'Back'}
          </Link>
          <button type="submit" className="button button-primary" disabled={busy || !editable} title={operator ? undefined : VIEWER_TITLE} data-testid="silence-save">
            {busy ? 'Saving…' : id ? 'Save silence' : 'Create silence'}
          </button>
        </div>
      </form>
      {expiring && (
        <ConfirmDialog
          title="Expire this silence?"
          confirmLabel="Expire"
          busy={busy}
          error={expireError}
          onConfirm={() => void expire()}
          onCancel={() => {
            setExpiring(false);
            setExpireError(undefined);
          }}
        >
          <p>It ends now and the alerts it muted notify again.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function ErrorList({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <ul className="field-errors" id={id} data-testid={id}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}
