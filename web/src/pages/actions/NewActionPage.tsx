import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { ACTION_KINDS, type ActionKind } from '../../api/types';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { parseCommandLines } from '../../lib/commandLines';
import { sortFieldErrors } from '../../lib/fieldErrors';
import { actionErrorFields, emptyActionForm, kindLabels, toActionRequest, whyAgentCannot, type ActionField, type ActionFormValues } from './actionForm';

type FieldErrors = Partial<Record<ActionField, string[]>>;

interface ControlProps {
  id: string;
  name: string;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  'data-testid': string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

type Control = (field: ActionField, hint?: boolean) => ControlProps;

export function NewActionPage({ agent: initialAgent }: { agent?: string | undefined }) {
  const { client, caller } = useSession();
  const agents = useResource((signal) => client.listAgents(signal), [client]);
  const status = useResource((signal) => client.status(signal), [client]);
  const [values, setValues] = useState<ActionFormValues>({ ...emptyActionForm, agent: initialAgent ?? '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const selected = agents.data?.find((agent) => agent.name === values.agent);
  const blocked = whyAgentCannot(selected, values.kind);

  // Pick a kind the chosen agent can do, so the form never starts on something the server will refuse.
  useEffect(() => {
    if (selected && whyAgentCannot(selected, values.kind)) {
      const possible = ACTION_KINDS.find((kind) => !whyAgentCannot(selected, kind));
      if (possible) setValues((current) => ({ ...current, kind: possible }));
    }
    // Only when the agent changes: a kind chosen by hand afterwards stays, with its explanation.
  }, [selected?.name]);

  const set =
    (field: ActionField) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      const target = event.target;
      const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
    };

  const control: Control = (field, hint = false) => ({
    id: `action-${field}`,
    name: field,
    onChange: set(field),
    'data-testid': `action-${field}`,
    ...describedBy(`action-${field}`, hint, errors[field]),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    setOtherErrors([]);
    const { request, errors: localErrors } = toActionRequest(values);
    setErrors(localErrors);
    if (!request) return;

    setBusy(true);
    try {
      const action = await client.submitAction(request);
      navigate(`/actions/${encodeURIComponent(action.id)}`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const sorted = sortFieldErrors(error.fieldErrors, actionErrorFields);
        setErrors(sorted.byField);
        setOtherErrors(sorted.other);
        setFormError('Some fields need fixing.');
      } else {
        setFormError(messageOf(error));
      }
    }
  };

  if (!canOperate(caller.role)) {
    return (
      <>
        <PageHeader breadcrumb={<Link href="/actions">Actions</Link>} title="New action" />
        <ErrorBanner message={`Your API key's role (${caller.role}) may view actions but not run them.`} />
      </>
    );
  }

  const argv = values.kind === 'command' ? parseCommandLines(values.commandLines) : [];

  return (
    <>
      <PageHeader breadcrumb={<Link href="/actions">Actions</Link>} title="New action" subtitle="Ask an agent to run a command, work with files or answer a prompt." />
      <form className="card form" onSubmit={submit} noValidate data-testid="action-form">
        <ErrorBanner message={formError} more={otherErrors} testId="action-form-error" />
        <ErrorBanner message={agents.error?.message} />

        <div className="form-grid">
          <Field label="Agent" htmlFor="action-agent" errors={errors.agent}>
            <select {...control('agent')} value={values.agent} required>
              <option value="">Choose an agent…</option>
              {values.agent && agents.data && !selected && <option value={values.agent}>{values.agent} (not found)</option>}
              {agents.data?.map((agent) => (
                <option key={agent.name} value={agent.name}>
                  {agent.name} ({agent.status})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Kind" htmlFor="action-kind" errors={errors.kind}>
            <select {...control('kind')} value={values.kind}>
              {ACTION_KINDS.map((kind: ActionKind) => (
                <option key={kind} value={kind}>
                  {kindLabels[kind]}
                </option>
              ))}
            </select>
          </Field>
        </div>

        {selected && (
          <div className="agent-summary">
            <StatusBadge status={selected.status} />
            <span>
              <strong>{selected.role}</strong> · {selected.runningActions}/{selected.maxConcurrency} running ·{' '}
              {selected.location === 'ssh' ? 'over SSH' : 'in-process'}
            </span>
          </div>
        )}
        {blocked && (
          <div className="banner banner-warning" data-testid="action-blocked">
            <p>{blocked}</p>
          </div>
        )}
        {values.kind === 'prompt' && status.data && !status.data.model.configured && (
          <div className="banner banner-warning">
            <p>No model is configured on the server, so prompt actions will fail.</p>
          </div>
        )}

        {values.kind === 'command' && (
          <>
            <Field
              label="Command"
              htmlFor="action-commandLines"
              errors={errors.commandLines}
              hint={
                <>
                  One argument per line: the <strong>first line is the program</strong>, each further line is passed to it as one
                  argument, exactly as written. There is no shell, so quotes, <code>|</code>, <code>&gt;</code> and <code>$VARS</code> are
                  plain text; to use shell syntax, run <code>sh</code> with <code>-c</code> and the script as the third line.
                </>
              }
            >
              <textarea
                {...control('commandLines', true)}
                value={values.commandLines}
                rows={5}
                className="mono"
                spellCheck={false}
                placeholder={'git\nstatus\n--short'}
              />
            </Field>
            {argv.length > 0 && argv[0] !== '' && (
              <div className="argv-preview" data-testid="action-argv-preview" aria-label="Arguments as they will be passed">
                <span className="muted">Runs</span>
                {argv.map((argument, index) => (
                  <span key={index} className={`argv ${index === 0 ? 'argv-program' : ''}`} title={index === 0 ? 'program' : `argument ${index}`}>
                    {argument === '' ? '(empty)' : argument}
                  </span>
                ))}
              </div>
            )}
            <div className="form-grid">
              <Field
                label="Working directory"
                htmlFor="action-workingDirectory"
                optional
                errors={errors.workingDirectory}
                hint="Relative to the agent’s workspace (or to the login directory over SSH)."
              >
                <input {...control('workingDirectory', true)} value={values.workingDirectory} className="mono" spellCheck={false} autoComplete="off" />
              </Field>
              <TimeoutField values={values} control={control} errors={errors} />
            </div>
            <Field label="Environment" htmlFor="action-environmentLines" optional errors={errors.environmentLines} hint="NAME=value, one per line.">
              <textarea {...control('environmentLines', true)} value={values.environmentLines} rows={2} className="mono" spellCheck={false} />
            </Field>
          </>
        )}

        {(values.kind === 'read-file' || values.kind === 'write-file' || values.kind === 'list-files') && (
          <div className="form-grid">
            <Field
              label="Path"
              htmlFor="action-path"
              optional={values.kind === 'list-files'}
              errors={errors.path}
              hint={values.kind === 'list-files' ? 'A directory relative to the agent’s workspace; empty lists its root.' : 'Relative to the agent’s workspace.'}
            >
              <input {...control('path', true)} value={values.path} className="mono" spellCheck={false} autoComplete="off" />
            </Field>
            <TimeoutField values={values} control={control} errors={errors} />
          </div>
        )}
        {values.kind === 'list-files' && (
          <label className="checkbox">
            <input type="checkbox" {...control('recursive')} checked={values.recursive} />
            Include subdirectories
          </label>
        )}
        {values.kind === 'write-file' && (
          <Field label="Content" htmlFor="action-content" errors={errors.content} hint="The whole file; it is replaced atomically.">
            <textarea {...control('content', true)} value={values.content} rows={10} className="mono" spellCheck={false} />
          </Field>
        )}

        {values.kind === 'prompt' && (
          <>
            <Field label="Prompt" htmlFor="action-prompt" errors={errors.prompt} hint={selected ? `The model answers as ${selected.role}.` : undefined}>
              <textarea {...control('prompt', Boolean(selected))} value={values.prompt} rows={6} />
            </Field>
            <div className="form-grid">
              <TimeoutField values={values} control={control} errors={errors} />
            </div>
          </>
        )}

        <div className="form-actions">
          <Link href="/actions" className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={busy} data-testid="action-submit">
            {busy ? 'Submitting…' : 'Run action'}
          </button>
        </div>
      </form>
    </>
  );
}

interface TimeoutFieldProps {
  values: ActionFormValues;
  errors: FieldErrors;
  control: Control;
}

function TimeoutField({ values, errors, control }: TimeoutFieldProps) {
  return (
    <Field label="Timeout (seconds)" htmlFor="action-timeoutSeconds" optional errors={errors.timeoutSeconds} hint="Empty uses the server’s default.">
      <input {...control('timeoutSeconds', true)} value={values.timeoutSeconds} inputMode="numeric" />
    </Field>
  );
}
