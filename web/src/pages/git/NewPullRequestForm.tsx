import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { GitHostingClient } from '../../api/gitHostingClient';
import type { PullRequestView } from '../../api/gitHostingTypes';
import type { GitBranch } from '../../api/gitTypes';
import type { Resource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describedBy, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { sortFieldErrors } from '../../lib/fieldErrors';
import {
  branchChoices,
  checkNewPullRequest,
  initialBranches,
  newPullRequestErrorFields,
  type NewPullRequestField,
  type NewPullRequestValues,
} from './pullRequests';

interface NewPullRequestFormProps {
  hosting: GitHostingClient;
  repository: string;
  /** "pull request" or "merge request". */
  noun: string;
  branches: Resource<GitBranch[]>;
  defaultBranch: string | null | undefined;
  onCreated: (view: PullRequestView) => void;
  onCancel: () => void;
}

/** Opens a pull request at the provider; head and base are picked from the repository's branches. */
export function NewPullRequestForm({ hosting, repository, noun, branches, defaultBranch, onCreated, onCancel }: NewPullRequestFormProps) {
  const choices = branchChoices(branches.data ?? []);
  const [values, setValues] = useState<NewPullRequestValues>({ title: '', head: '', base: '', body: '', draft: false });
  const [errors, setErrors] = useState<Partial<Record<NewPullRequestField, string[]>>>({});
  const [error, setError] = useState<string>();
  const [more, setMore] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  // The branches (and the default branch) may arrive after the form opens: start on them once they do.
  const ready = choices.length > 0 && defaultBranch !== undefined;
  const choicesKey = choices.join('\u0000');
  useEffect(() => {
    if (!ready) return;
    setValues((current) => (current.head || current.base ? current : { ...current, ...initialBranches(choices, defaultBranch) }));
    // choicesKey stands for choices.
  }, [ready, choicesKey, defaultBranch]);

  const set = <K extends keyof NewPullRequestValues>(field: K, value: NewPullRequestValues[K]) => setValues((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setMore([]);
    const checked = checkNewPullRequest(values);
    setErrors(checked);
    if (Object.keys(checked).length > 0) return;
    setBusy(true);
    try {
      onCreated(await hosting.createPullRequest(repository, values));
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fieldErrors).length > 0) {
        const sorted = sortFieldErrors(caught.fieldErrors, newPullRequestErrorFields);
        setErrors(sorted.byField);
        setMore(sorted.other);
        setError(Object.keys(sorted.byField).length > 0 ? 'Some fields need fixing.' : messageOf(caught));
      } else {
        // The provider's refusal (no commits between the branches, a head it does not have, ...) is about the whole request.
        setError(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const control = (field: NewPullRequestField, hint = false) => ({
    id: `git-pull-${field}`,
    name: field,
    'data-testid': `git-pull-${field}`,
    ...describedBy(`git-pull-${field}`, hint, errors[field]),
  });

  if (branches.error) return <ErrorBanner message={`The branches could not be read: ${branches.error.message}`} onRetry={branches.reload} />;
  if (!branches.data) return <Loading label="Reading the branches…" />;

  return (
    <form className="form git-pull-form" onSubmit={(event) => void submit(event)} noValidate data-testid="git-pull-form" aria-labelledby="git-pull-form-title">
      <h3 id="git-pull-form-title" className="git-subheading">
        New {noun}
      </h3>
      <ErrorBanner message={error} more={more} testId="git-pull-form-error" />
      {choices.length < 2 ? (
        <p className="empty">A {noun} needs two branches; this repository has {choices.length === 1 ? 'one' : 'none'}.</p>
      ) : (
        <>
          <Field label="Title" htmlFor="git-pull-title" errors={errors.title}>
            <input {...control('title')} value={values.title} onChange={(event) => set('title', event.target.value)} autoComplete="off" />
          </Field>
          <div className="form-grid">
            <Field label="Head (the change)" htmlFor="git-pull-head" errors={errors.head} hint="It must exist at the provider: push it first.">
              <select {...control('head', true)} value={values.head} onChange={(event) => set('head', event.target.value)}>
                {!values.head && <option value="">Choose a branch</option>}
                {choices.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Base (merged into)" htmlFor="git-pull-base" errors={errors.base}>
              <select {...control('base')} value={values.base} onChange={(event) => set('base', event.target.value)}>
                {!values.base && <option value="">Choose a branch</option>}
                {choices.map((name) => (
                  <option key={name} value={name}>
                    {name}
                    {name === defaultBranch ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Description" htmlFor="git-pull-body" errors={errors.body} optional>
            <textarea {...control('body')} value={values.body} onChange={(event) => set('body', event.target.value)} rows={3} />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={values.draft} onChange={(event) => set('draft', event.target.checked)} data-testid="git-pull-draft" />
            Open as a draft
          </label>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {choices.length >= 2 && (
          <button type="submit" className="button button-primary" disabled={busy} data-testid="git-pull-submit">
            {busy ? 'Opening…' : `Open ${noun}`}
          </button>
        )}
      </div>
    </form>
  );
}
