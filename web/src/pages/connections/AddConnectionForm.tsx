import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { GitHostingClient } from '../../api/gitHostingClient';
import { HOSTING_PROVIDERS, type HostingConnectionView } from '../../api/gitHostingTypes';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { connectionErrorFields, defaultBaseUrl, emptyConnectionForm, providerLabel, toConnectionRegistration, type ConnectionField, type ConnectionFormValues } from './connectionForm';

/**
 * Adds a connection (admin). The token and webhook secret live in password fields and leave the page with the
 * request: they are cleared after every submit, whatever the answer, and the server never sends them back.
 */
export function AddConnectionForm({ hosting, onAdded }: { hosting: GitHostingClient; onAdded: (view: HostingConnectionView) => void }) {
  const [values, setValues] = useState<ConnectionFormValues>(emptyConnectionForm);
  const [errors, setErrors] = useState<Partial<Record<ConnectionField, string[]>>>({});
  const [error, setError] = useState<string>();
  const [more, setMore] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const set = <K extends ConnectionField>(field: K, value: ConnectionFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const clearSecrets = () => setValues((current) => ({ ...current, token: '', webhookSecret: '' }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMore([]);
    const checked = toConnectionRegistration(values);
    setErrors(checked.errors);
    if (!checked.registration) {
      setError('Some fields need fixing.');
      return;
    }
    setBusy(true);
    try {
      const view = await hosting.addConnection(checked.registration);
      setValues(emptyConnectionForm);
      setErrors({});
      onAdded(view);
    } catch (caught) {
      clearSecrets();
      if (caught instanceof ApiError && Object.keys(caught.fieldErrors).length > 0) {
        const sorted = sortFieldErrors(caught.fieldErrors, connectionErrorFields);
        setErrors(sorted.byField);
        setMore(sorted.other);
        setError(Object.keys(sorted.byField).length > 0 ? 'Some fields need fixing; enter the token again.' : messageOf(caught));
      } else {
        setError(`${messageOf(caught)} Enter the token again to retry.`);
      }
    } finally {
      setBusy(false);
    }
  };

  const control = (field: ConnectionField, hint = false) => ({
    id: `connection-${field}`,
    name: field,
    'data-testid': `connection-${field}`,
    ...describedBy(`connection-${field}`, hint, errors[field]),
  });

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} noValidate data-testid="connection-form" aria-labelledby="connection-form-title">
      <h2 id="connection-form-title" className="connection-form-title">
        Add a connection
      </h2>
      <ErrorBanner message={error} more={more} testId="connection-form-error" />
      <fieldset className="field">
        <legend>Provider</legend>
        <div className="segmented" role="radiogroup">
          {HOSTING_PROVIDERS.map((provider) => (
            <label key={provider} className={values.provider === provider ? 'selected' : ''} data-testid={`connection-provider-${provider}`}>
              <input type="radio" name="provider" value={provider} checked={values.provider === provider} onChange={() => set('provider', provider)} />
              {providerLabel(provider)}
            </label>
          ))}
        </div>
        {errors.provider && (
          <ul className="field-errors" data-testid="connection-provider-errors">
            {errors.provider.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="form-grid">
        <Field label="Name" htmlFor="connection-name" errors={errors.name} hint="Lowercase letters, digits, '.', '_' or '-', for example work.">
          <input {...control('name', true)} value={values.name} onChange={(event) => set('name', event.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <Field
          label="Base URL"
          htmlFor="connection-baseUrl"
          errors={errors.baseUrl}
          optional
          hint={`Blank for ${defaultBaseUrl(values.provider)}; a GitHub Enterprise or self-managed GitLab host otherwise. https only.`}
        >
          <input
            {...control('baseUrl', true)}
            value={values.baseUrl}
            onChange={(event) => set('baseUrl', event.target.value)}
            placeholder={defaultBaseUrl(values.provider)}
            autoComplete="off"
            spellCheck={false}
            inputMode="url"
          />
        </Field>
        <Field
          label="Access token"
          htmlFor="connection-token"
          errors={errors.token}
          hint={values.provider === 'gitlab' ? 'A personal, group or project access token with the api scope.' : 'A fine-grained or classic token with pull request and administration rights.'}
        >
          <input {...control('token', true)} type="password" value={values.token} onChange={(event) => set('token', event.target.value)} autoComplete="new-password" spellCheck={false} />
        </Field>
        <Field label="Webhook secret" htmlFor="connection-webhookSecret" errors={errors.webhookSecret} optional hint="The secret the provider signs its webhook deliveries with.">
          <input
            {...control('webhookSecret', true)}
            type="password"
            value={values.webhookSecret}
            onChange={(event) => set('webhookSecret', event.target.value)}
            autoComplete="new-password"
            spellCheck={false}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="connection-submit">
          {busy ? 'Adding…' : 'Add connection'}
        </button>
      </div>
    </form>
  );
}
