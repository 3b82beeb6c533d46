import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { EXAMPLE_PLAN_JSON, EXAMPLE_PLAN_YAML, planFormat, sortTaskErrors, toTaskBody } from './collaborationForm';

export function NewCollaborationPage() {
  const { client, caller } = useSession();
  const [title, setTitle] = useState('Example: two chains and an approval gate');
  const [plan, setPlan] = useState(EXAMPLE_PLAN_YAML);
  const [errors, setErrors] = useState<{ title?: string[]; plan?: string[] }>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const breadcrumb = <Link href="/collaborations">Collaborations</Link>;

  if (!canOperate(caller.role)) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title="New collaboration" />
        <ErrorBanner message={`Your API key's role (${caller.role}) may view collaborations but not submit them.`} />
      </>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const { body, errors: localErrors } = toTaskBody(title, plan);
    setErrors(localErrors);
    if (!body) return;
    setBusy(true);
    try {
      const view = await client.submitCollaboration(body);
      navigate(`/collaborations/${encodeURIComponent(view.id)}`);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
        const sorted = sortTaskErrors(error.fieldErrors);
        setErrors({ title: sorted.title, plan: sorted.plan });
        setFormError('The server refused the task: see the marked fields below.');
      } else {
        setFormError(messageOf(error));
      }
    }
  };

  const format = planFormat(plan);
  return (
    <>
      <PageHeader breadcrumb={breadcrumb} title="New collaboration" subtitle="Describe a plan of subtasks; agents work on them in dependency order." />
      <form className="card form" onSubmit={submit} noValidate data-testid="collaboration-form">
        <ErrorBanner message={formError} testId="collaboration-form-error" />
        <Field label="Title" htmlFor="collaboration-title" optional errors={errors.title}>
          <input
            id="collaboration-title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            autoComplete="off"
            data-testid="collaboration-title"
            {...describedBy('collaboration-title', false, errors.title)}
          />
        </Field>
        <Field
          label={`Plan (${format === 'json' ? 'JSON' : 'YAML'})`}
          htmlFor="collaboration-plan"
          errors={errors.plan}
          hint={
            <>
              <code>subtasks</code> with <code>id</code>, <code>tool</code> or <code>capability</code>, <code>input</code>,{' '}
              <code>dependsOn</code>, <code>requiresApproval</code>, <code>retry</code>, <code>onFailure</code>; optional <code>maxParallel</code> and{' '}
              <code>result</code>. Text starting with <code>{'{'}</code> is sent as JSON, anything else as YAML.
            </>
          }
        >
          <textarea
            id="collaboration-plan"
            className="mono plan-editor"
            value={plan}
            onChange={(event) => {
              setPlan(event.target.value);
              if (errors.plan) setErrors((current) => ({ ...current, plan: [] }));
            }}
            rows={22}
            spellCheck={false}
            data-testid="collaboration-plan"
            {...describedBy('collaboration-plan', true, errors.plan)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="button button-small button-ghost" onClick={() => setPlan(EXAMPLE_PLAN_YAML)}>
            YAML example
          </button>
          <button type="button" className="button button-small button-ghost" onClick={() => setPlan(EXAMPLE_PLAN_JSON)} data-testid="collaboration-example-json">
            JSON example
          </button>
          <div className="filters-spacer" />
          <Link href="/collaborations" className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={busy} data-testid="collaboration-submit">
            {busy ? 'Submitting…' : 'Submit'}
          </button>
        </div>
      </form>
    </>
  );
}
