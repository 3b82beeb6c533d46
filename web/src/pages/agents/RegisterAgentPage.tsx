import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { AgentLocation } from '../../api/types';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { agentErrorFields, emptyAgentForm, toRegistration, type AgentField, type AgentFormValues } from './agentForm';

type FieldErrors = Partial<Record<AgentField, string[]>>;

export function RegisterAgentPage() {
  const { client } = useSession();
  const [values, setValues] = useState<AgentFormValues>(emptyAgentForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // Known roles as suggestions; the seeded agents cover every specialist role.
  const agents = useResource((signal) => client.listAgents(signal), [client]);
  const roles = [...new Set((agents.data ?? []).map((agent) => agent.role))].sort();

  const set =
    (field: AgentField) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      const value = event.target.value;
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    setOtherErrors([]);
    const { registration, errors: localErrors } = toRegistration(values);
    setErrors(localErrors);
    if (!registration) return;

    setBusy(true);
    try {
      const agent = await client.registerAgent(registration);
      navigate(`/agents/${encodeURIComponent(agent.name)}`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const sorted = sortFieldErrors(error.fieldErrors, agentErrorFields);
        setErrors(sorted.byField);
        setOtherErrors(sorted.other);
        setFormError('Some fields need fixing.');
      } else {
        setFormError(messageOf(error));
      }
    }
  };

  const control = (field: AgentField, hint = false) => ({
    id: `agent-${field}`,
    name: field,
    value: values[field] as string,
    onChange: set(field),
    'data-testid': `agent-${field}`,
    ...describedBy(`agent-${field}`, hint, errors[field]),
  });

  return (
    <>
      <PageHeader breadcrumb={<Link href="/agents">Agents</Link>} title="Register an agent" subtitle="Add an agent that runs in this server or on a host over SSH." />
      <form className="card form" onSubmit={submit} noValidate data-testid="agent-form">
        <ErrorBanner message={formError} more={otherErrors} testId="agent-form-error" />

        <div className="form-grid">
          <Field label="Name" htmlFor="agent-name" errors={errors.name} hint="Lowercase letters, digits and '-', for example build-runner.">
            <input {...control('name', true)} autoComplete="off" spellCheck={false} required />
          </Field>
          <Field label="Role" htmlFor="agent-role" errors={errors.role} hint="A specialist role such as devops-engineer, or your own.">
            <input {...control('role', true)} list="agent-roles" autoComplete="off" spellCheck={false} required />
            <datalist id="agent-roles">
              {roles.map((role) => (
                <option key={role} value={role} />
              ))}
            </datalist>
          </Field>
        </div>

        <Field label="Description" htmlFor="agent-description" optional errors={errors.description} hint="Left empty, a known role's description is used.">
          <textarea {...control('description', true)} rows={2} />
        </Field>

        <div className="form-grid">
          <Field
            label="Capabilities"
            htmlFor="agent-capabilities"
            optional
            errors={errors.capabilities}
            hint={
              <>
                Comma-separated. <code>command</code> runs programs, <code>files</code> reads and writes files, <code>llm</code> answers prompts.
                Left empty, the role's capabilities are used.
              </>
            }
          >
            <input {...control('capabilities', true)} placeholder="command, files, llm" autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Max concurrency" htmlFor="agent-maxConcurrency" errors={errors.maxConcurrency} hint="Actions it runs at once (1–64); more wait in a queue.">
            <input {...control('maxConcurrency', true)} inputMode="numeric" />
          </Field>
        </div>

        <fieldset className="field">
          <legend>Location</legend>
          <div className="segmented" role="radiogroup">
            {(['in-process', 'ssh'] as AgentLocation[]).map((location) => (
              <label key={location} className={values.location === location ? 'selected' : ''} data-testid={`agent-location-${location}`}>
                <input
                  type="radio"
                  name="location"
                  value={location}
                  checked={values.location === location}
                  onChange={() => setValues((current) => ({ ...current, location }))}
                />
                {location === 'in-process' ? 'In-process' : 'SSH host'}
              </label>
            ))}
          </div>
          <div className="hint">
            {values.location === 'in-process'
              ? 'Runs inside the server: commands run on the server’s machine, in the agent’s own workspace.'
              : 'Runs commands on a remote host over SSH with key authentication. The key file stays on the server.'}
          </div>
          {errors.location && <ul className="field-errors">{errors.location.map((m) => <li key={m}>{m}</li>)}</ul>}
        </fieldset>

        {values.location === 'ssh' && (
          <div className="subform">
            <div className="form-grid form-grid-ssh">
              <Field label="Host" htmlFor="agent-sshHost" errors={errors.sshHost}>
                <input {...control('sshHost')} autoComplete="off" spellCheck={false} placeholder="build.example.com" />
              </Field>
              <Field label="Port" htmlFor="agent-sshPort" errors={errors.sshPort}>
                <input {...control('sshPort')} inputMode="numeric" />
              </Field>
              <Field label="User" htmlFor="agent-sshUser" errors={errors.sshUser}>
                <input {...control('sshUser')} autoComplete="off" spellCheck={false} placeholder="deploy" />
              </Field>
            </div>
            <Field
              label="Private key path"
              htmlFor="agent-sshPrivateKeyPath"
              errors={errors.sshPrivateKeyPath}
              hint="An absolute path to a key file on the server, for example /home/lightning/.ssh/id_ed25519."
            >
              <input {...control('sshPrivateKeyPath', true)} autoComplete="off" spellCheck={false} className="mono" />
            </Field>
          </div>
        )}

        <div className="form-actions">
          <Link href="/agents" className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={busy} data-testid="agent-submit">
            {busy ? 'Registering…' : 'Register agent'}
          </button>
        </div>
      </form>
    </>
  );
}
