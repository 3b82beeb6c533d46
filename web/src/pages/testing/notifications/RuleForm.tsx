import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import type { NotificationsClient } from '../../../api/notificationsClient';
import { NOTIFICATION_EVENTS, type NotificationChannel, type NotificationRule } from '../../../api/notificationTypes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { describedBy, Field } from '../../../components/Field';
import { sortFieldErrors } from '../../../lib/fieldErrors';
import {
  canKeepSecret,
  changeFromDraft,
  draftFromRule,
  emptyRuleDraft,
  EVENT_LABELS,
  MIN_SECRET,
  RULE_FIELDS,
  secretRequired,
  type RuleDraft,
  type RuleEvent,
  type RuleField,
} from './notificationRules';

interface RuleFormProps {
  notifications: NotificationsClient;
  /** The rule being edited; null for a new one. */
  stored: NotificationRule | null;
  onSaved: (rule: NotificationRule) => void;
  onCancel: () => void;
}

/**
 * A notification rule: what it is told of, for which repositories, and where it goes (a signed webhook or email). The
 * webhook secret is write-only: editing keeps the stored one unless "Keep the current secret" is unticked and a new
 * one typed. Errors from the server (ProblemDetails) land under their fields.
 */
export function RuleForm({ notifications, stored, onSaved, onCancel }: RuleFormProps) {
  const [draft, setDraft] = useState<RuleDraft>(() => (stored ? draftFromRule(stored) : emptyRuleDraft()));
  const [errors, setErrors] = useState<Partial<Record<RuleField, string[]>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const show = (found: Record<string, string[]>) => {
    const sorted = sortFieldErrors(found, RULE_FIELDS);
    setErrors(sorted.byField);
    setOther(sorted.other);
    setFormError('Some fields need fixing.');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const { change, errors: local } = changeFromDraft(draft, stored);
    if (Object.keys(local).length > 0) return show(local);
    setBusy(true);
    try {
      onSaved(stored ? await notifications.updateRule(stored.id, change) : await notifications.createRule(change));
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) show(error.fieldErrors);
      else {
        setErrors({});
        setOther([]);
        setFormError(messageOf(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const set = (field: 'name' | 'repository' | 'url' | 'secret' | 'to') => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const control = (field: 'name' | 'repository' | 'url' | 'secret' | 'to', hint = false) => ({
    id: `rule-${field}`,
    name: field,
    value: draft[field],
    onChange: set(field),
    'data-testid': `rule-${field}`,
    ...describedBy(`rule-${field}`, hint, errors[field]),
  });
  const toggleEvent = (value: RuleEvent) => (event: ChangeEvent<HTMLInputElement>) =>
    setDraft((current) => ({ ...current, events: event.target.checked ? [...current.events, value] : current.events.filter((item) => item !== value) }));
  const keepable = canKeepSecret(stored);
  const needsSecret = secretRequired(draft, stored);

  return (
    <form className="card form notify-form" onSubmit={save} noValidate autoComplete="off" data-testid="rule-form">
      <h2>{stored ? `Edit ${stored.name}` : 'New notification rule'}</h2>
      <ErrorBanner message={formError} more={other} testId="rule-form-error" />
      <div className="form-grid">
        <Field label="Name" htmlFor="rule-name" errors={errors.name}>
          <input {...control('name')} maxLength={100} />
        </Field>
        <Field label="Repositories" htmlFor="rule-repository" errors={errors.repository} hint="A glob over repository names: shop, services/*, ** for every one.">
          <input {...control('repository', true)} className="mono" spellCheck={false} />
        </Field>
      </div>

      <fieldset className={`field notify-events${errors.events ? ' field-invalid' : ''}`} aria-describedby={errors.events ? 'rule-events-errors' : undefined}>
        <legend>Tell it when a run</legend>
        <div className="notify-event-list">
          {NOTIFICATION_EVENTS.map((event) => (
            <label key={event} className="checkbox-line">
              <input type="checkbox" checked={draft.events.includes(event)} onChange={toggleEvent(event)} data-testid={`rule-event-${event}`} /> {EVENT_LABELS[event]}
            </label>
          ))}
        </div>
        {errors.events && (
          <ul className="field-errors" id="rule-events-errors" data-testid="rule-events-errors">
            {errors.events.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </fieldset>

      <div className="form-grid">
        <Field label="Channel" htmlFor="rule-channel" errors={errors.channel} hint={stored ? 'Moving a rule to the other channel drops the old channel’s settings.' : undefined}>
          <select
            id="rule-channel"
            value={draft.channel}
            onChange={(event) => setDraft((current) => ({ ...current, channel: event.target.value as NotificationChannel }))}
            data-testid="rule-channel"
            {...describedBy('rule-channel', Boolean(stored), errors.channel)}
          >
            <option value="webhook">Webhook (signed JSON POST)</option>
            <option value="email">Email (the server’s SMTP settings)</option>
          </select>
        </Field>
        <label className="checkbox-line notify-enabled">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft((current) => ({ ...current, enabled: event.target.checked }))} data-testid="rule-enabled" /> Enabled
        </label>
      </div>

      {draft.channel === 'webhook' ? (
        <div className="form-grid">
          <Field label="URL" htmlFor="rule-url" errors={errors.url} hint="Absolute http or https, no credentials in it: each request is signed with the secret.">
            <input {...control('url', true)} type="url" className="mono" spellCheck={false} placeholder="https://" />
          </Field>
          <Field
            label="Signing secret"
            htmlFor="rule-secret"
            optional={!needsSecret}
            errors={errors.secret}
            hint={
              keepable ? (
                <span data-testid="rule-secret-state">{draft.keepSecret ? 'Set (never shown): it stays as it is.' : `Type the new secret (at least ${MIN_SECRET} characters).`}</span>
              ) : (
                `At least ${MIN_SECRET} characters; receivers check X-Lightning-Signature (HMAC-SHA256) with it.`
              )
            }
          >
            <input {...control('secret', true)} type="password" autoComplete="new-password" disabled={!needsSecret} placeholder={needsSecret ? '' : 'unchanged'} />
          </Field>
          {keepable && (
            <label className="checkbox-line">
              <input
                type="checkbox"
                checked={draft.keepSecret}
                onChange={(event) => setDraft((current) => ({ ...current, keepSecret: event.target.checked, secret: '' }))}
                data-testid="rule-keep-secret"
              />{' '}
              Keep the current secret
            </label>
          )}
        </div>
      ) : (
        <Field label="Recipients" htmlFor="rule-to" errors={errors.to} hint="One address per line (at most 20). Mail goes through the server’s SMTP settings.">
          <textarea {...control('to', true)} rows={3} spellCheck={false} />
        </Field>
      )}

      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="rule-cancel">
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="rule-save">
          {busy ? 'Saving…' : stored ? 'Save rule' : 'Add rule'}
        </button>
      </div>
    </form>
  );
}
