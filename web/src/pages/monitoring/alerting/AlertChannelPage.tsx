import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import { MonitoringClient } from '../../../api/monitoringClient';
import type { AlertChannel, ChannelType } from '../../../api/monitoringTypes';
import { useSession } from '../../../app/context';
import { Link, navigate } from '../../../app/router';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { describedBy, Field } from '../../../components/Field';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { channelFromDraft, draftFromChannel, emptyChannelDraft, SMTP_SECURITY, type ChannelDraft } from '../../../lib/alertSilences';
import { sortFieldErrors } from '../../../lib/fieldErrors';
import { MonitoringTabs } from '../MonitoringTabs';
import { AlertingNav, VIEWER_TITLE } from './AlertingNav';
import { SendTest } from './channelTest';
import '../monitoring.css';

type ChannelField = 'name' | 'type' | 'url' | 'secret' | 'to' | 'smtpHost' | 'smtpPort' | 'from' | 'user' | 'password' | 'security';
const FIELDS: Record<string, ChannelField> = { name: 'name', type: 'type', url: 'url', secret: 'secret', to: 'to', smtpHost: 'smtpHost', smtpPort: 'smtpPort', from: 'from', user: 'user', password: 'password', security: 'security' };

/**
 * /monitoring/alerts/channels/new and /{id}: an email, Slack or webhook channel. Secrets (the URL, which may carry a
 * token, the signing secret, the SMTP password) are write-only: a stored one shows as "set" with an empty input that
 * keeps it; typing replaces it.
 */
export function AlertChannelPage({ id }: { id?: string | undefined }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const loaded = useResource<AlertChannel | null>((signal) => (id ? monitoring.getChannel(id, signal) : Promise.resolve(null)), [monitoring, id]);
  const [draft, setDraft] = useState<ChannelDraft>();
  const [errors, setErrors] = useState<Partial<Record<ChannelField, string[]>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data !== undefined) setDraft(loaded.data ? draftFromChannel(loaded.data) : emptyChannelDraft());
  }, [loaded.data]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setFormError(undefined);
    setSaved(undefined);
    const { request, errors: local } = channelFromDraft(draft, !id);
    const show = (found: Record<string, string[]>) => {
      const sorted = sortFieldErrors(found, FIELDS);
      setErrors(sorted.byField);
      setOther(sorted.other);
      setFormError('Some fields need fixing.');
    };
    if (Object.keys(local).length > 0) return show(local);
    setBusy(true);
    try {
      if (id) {
        const updated = await monitoring.updateChannel(id, request);
        loaded.reload();
        setDraft(draftFromChannel(updated));
        setErrors({});
        setOther([]);
        setSaved(`Saved at ${new Date().toLocaleTimeString()}.`);
      } else {
        const created = await monitoring.createChannel(request);
        navigate(`/monitoring/alerts/channels/${encodeURIComponent(created.id)}`, { replace: true });
      }
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) show(error.fieldErrors);
      else setFormError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  const header = (
    <>
      <PageHeader
        breadcrumb={<Link href="/monitoring/alerts/channels">Channels</Link>}
        title={loaded.data ? loaded.data.name : 'New channel'}
        subtitle={loaded.data ? `${loaded.data.id} · ${loaded.data.type} · changed ${new Date(loaded.data.updatedAt).toLocaleString()}` : 'Email, Slack or a signed webhook.'}
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="channels" />
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

  const stored = loaded.data ?? null;
  const set = (field: keyof ChannelDraft) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = event.target instanceof HTMLInputElement && event.target.type === 'checkbox' ? event.target.checked : event.target.value;
    setDraft((current) => (current ? { ...current, [field]: value } : current));
  };
  const control = (field: keyof ChannelDraft & ChannelField, hint = false) => ({
    id: `channel-${field}`,
    name: field,
    value: draft[field] as string,
    onChange: set(field),
    'data-testid': `channel-${field}`,
    ...describedBy(`channel-${field}`, hint, errors[field]),
  });
  // A write-only value: "set" when stored, and an empty input that keeps it unless something is typed.
  const secretHint = (isSet: boolean, what: string) =>
    stored ? (isSet ? <span data-testid={`channel-${what}-state`}>Set (never shown). Leave empty to keep it; type to replace it.</span> : <span data-testid={`channel-${what}-state`}>Not set.</span>) : undefined;

  return (
    <>
      {header}
      <form className="card form rule-form" onSubmit={save} noValidate autoComplete="off" data-testid="channel-form">
        <ErrorBanner message={formError} more={other} testId="channel-form-error" />
        {!operator && (
          <p className="muted" data-testid="channel-read-only">
            {VIEWER_TITLE}
          </p>
        )}
        <fieldset disabled={!operator} className="rule-fieldset">
          <div className="form-grid">
            <Field label="Name" htmlFor="channel-name" errors={errors.name}>
              <input {...control('name')} />
            </Field>
            <Field label="Type" htmlFor="channel-type" errors={errors.type} hint={stored ? 'A channel keeps its type: make another channel for another kind.' : undefined}>
              <select {...control('type', Boolean(stored))} disabled={Boolean(stored)} onChange={(event) => setDraft((current) => (current ? { ...current, type: event.target.value as ChannelType } : current))}>
                <option value="webhook">Webhook (signed JSON POST)</option>
                <option value="slack">Slack (incoming webhook)</option>
                <option value="email">Email (SMTP)</option>
              </select>
            </Field>
          </div>

          {draft.type !== 'email' ? (
            <div className="form-grid">
              <Field
                label={draft.type === 'slack' ? 'Incoming-webhook URL' : 'URL'}
                htmlFor="channel-url"
                optional={Boolean(stored)}
                errors={errors.url}
                hint={stored ? <>Now posting to <strong className="mono">{stored.urlHost ?? '?'}</strong>. {secretHint(true, 'url')}</> : draft.type === 'slack' ? 'https://hooks.slack.com/services/… (it is the credential: stored encrypted, never shown again).' : 'Stored encrypted; only its host is shown again.'}
              >
                <input {...control('url', true)} type="url" spellCheck={false} className="mono" placeholder={stored ? 'unchanged' : 'https://'} />
              </Field>
              {draft.type === 'webhook' && (
                <Field label="Signing secret" htmlFor="channel-secret" optional={Boolean(stored?.hasSecret)} errors={errors.secret} hint={stored ? secretHint(stored.hasSecret, 'secret') : 'At least 16 characters; receivers check X-Lightning-Signature (HMAC-SHA256) with it.'}>
                  <input {...control('secret', true)} type="password" autoComplete="new-password" placeholder={stored?.hasSecret ? 'unchanged' : ''} />
                </Field>
              )}
            </div>
          ) : (
            <>
              <div className="form-grid">
                <Field label="Recipients" htmlFor="channel-to" errors={errors.to} hint="One address per line.">
                  <textarea {...control('to', true)} rows={2} spellCheck={false} />
                </Field>
                <Field label="From" htmlFor="channel-from" errors={errors.from}>
                  <input {...control('from')} type="email" />
                </Field>
              </div>
              <div className="form-grid form-grid-3">
                <Field label="SMTP server" htmlFor="channel-smtpHost" errors={errors.smtpHost}>
                  <input {...control('smtpHost')} spellCheck={false} className="mono" />
                </Field>
                <Field label="Port" htmlFor="channel-smtpPort" errors={errors.smtpPort}>
                  <input {...control('smtpPort')} inputMode="numeric" />
                </Field>
                <Field label="Security" htmlFor="channel-security" errors={errors.security}>
                  <select {...control('security')}>
                    {SMTP_SECURITY.map((item) => (
                      <option key={item.value} value={item.value}>
                        {item.label}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="User" htmlFor="channel-user" optional errors={errors.user}>
                  <input {...control('user')} autoComplete="off" />
                </Field>
                <Field label="Password" htmlFor="channel-password" optional errors={errors.password} hint={stored ? secretHint(stored.hasPassword, 'password') : undefined}>
                  <input {...control('password', Boolean(stored))} type="password" autoComplete="new-password" placeholder={stored?.hasPassword ? 'unchanged' : ''} />
                </Field>
              </div>
              {stored?.hasPassword && (
                <label className="checkbox-line">
                  <input type="checkbox" checked={draft.clearPassword} onChange={set('clearPassword')} data-testid="channel-clearPassword" /> Remove the stored password
                </label>
              )}
            </>
          )}
        </fieldset>
        <div className="form-actions channel-form-actions">
          {saved && (
            <span className="muted rule-saved" data-testid="channel-saved">
              {saved}
            </span>
          )}
          {id && <SendTest monitoring={monitoring} channelId={id} operator={operator} />}
          <Link href="/monitoring/alerts/channels" className="button">
            {operator ? 'Cancel' : 'Back'}
          </Link>
          <button type="submit" className="button button-primary" disabled={busy || !operator} title={operator ? undefined : VIEWER_TITLE} data-testid="channel-save">
            {busy ? 'Saving…' : id ? 'Save channel' : 'Create channel'}
          </button>
        </div>
      </form>
    </>
  );
}
