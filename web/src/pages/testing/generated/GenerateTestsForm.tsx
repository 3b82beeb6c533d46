import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { GenerationBatchView } from '../../../api/testingTypes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field, describedBy } from '../../../components/Field';
import { sortFieldErrors } from '../../../lib/fieldErrors';
import { checkGenerate, type GenerateField, type GenerateForm } from './generationView';

const SERVER_FIELDS: Record<string, GenerateField> = { repository: 'repository', path: 'repository', file: 'file', max: 'max', language: 'language' };

interface GenerateTestsFormProps {
  testing: TestingClient;
  repositories: string[];
  initialRepository: string | undefined;
  onCancel: () => void;
  onStarted: (batch: GenerationBatchView) => void;
}

/** Queues a generation batch (operators): a repository, optionally one source file, and how many candidates to try. */
export function GenerateTestsForm({ testing, repositories, initialRepository, onCancel, onStarted }: GenerateTestsFormProps) {
  const [form, setForm] = useState<GenerateForm>({ repository: initialRepository ?? repositories[0] ?? '', file: '', max: '', language: '', useModel: true });
  const [errors, setErrors] = useState<Partial<Record<GenerateField, string[]>>>({});
  const [error, setError] = useState<string>();
  const [more, setMore] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (field: 'repository' | 'file' | 'max') => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkGenerate(form);
    setErrors(checked.errors);
    setMore([]);
    setError(checked.request ? undefined : 'Some fields need fixing.');
    if (!checked.request) return;
    setBusy(true);
    try {
      onStarted(await testing.generate(checked.request));
    } catch (caught) {
      const sorted = caught instanceof ApiError ? sortFieldErrors(caught.fieldErrors, SERVER_FIELDS) : { byField: {}, other: [] };
      setErrors(sorted.byField);
      setMore(sorted.other);
      setError(Object.keys(sorted.byField).length > 0 ? 'Some fields need fixing.' : messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <form className="card form test-form-inputs" onSubmit={(event) => void submit(event)} noValidate data-testid="generate-form">
      <h2>Generate tests</h2>
      <p className="muted small">
        Python (pytest) and JavaScript (CommonJS, Jest). Candidates are kept only when they compile, pass 5 runs out of 5 and add coverage; nothing is written into the repository until you accept.
      </p>
      <ErrorBanner message={error} more={more} testId="generate-error" />
      {repositories.length === 0 ? (
        <p className="empty">No repositories are registered. Register one on the Git page first.</p>
      ) : (
        <div className="form-grid">
          <Field label="Repository" htmlFor="generate-repository" errors={errors.repository}>
            <select id="generate-repository" value={form.repository} onChange={(event) => set('repository')(event.target.value)} data-testid="generate-repository" {...describedBy('generate-repository', false, errors.repository)}>
              {repositories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="File" htmlFor="generate-file" errors={errors.file} optional hint="A source file in the repository, e.g. calc/parse.py; blank for the whole project.">
            <input id="generate-file" className="mono" value={form.file} placeholder="calc/parse.py" onChange={(event) => set('file')(event.target.value)} data-testid="generate-file" {...describedBy('generate-file', true, errors.file)} />
          </Field>
          <Field label="Candidates" htmlFor="generate-max" errors={errors.max} optional hint="How many to try, 1-100; the server's default (20) when blank.">
            <input id="generate-max" type="number" min={1} max={100} value={form.max} onChange={(event) => set('max')(event.target.value)} data-testid="generate-max" {...describedBy('generate-max', true, errors.max)} />
          </Field>
          <Field label="Language" htmlFor="generate-language" errors={errors.language} optional hint="Detect: from the file's extension, else from the project.">
            <select id="generate-language" value={form.language} onChange={(event) => setForm((current) => ({ ...current, language: event.target.value as GenerateForm['language'] }))} data-testid="generate-language">
              <option value="">Detect</option>
              <option value="python">Python (pytest)</option>
              <option value="javascript">JavaScript (CommonJS, Jest)</option>
            </select>
          </Field>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={form.useModel} onChange={(event) => setForm((current) => ({ ...current, useModel: event.target.checked }))} data-testid="generate-use-model" /> Let the chat model write tests too
            </label>
            <div className="hint">When the server has a model configured; its tests go through the same filters. Off: characterisation tests only.</div>
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !form.repository} data-testid="generate-submit">
          {busy ? 'Queueing…' : 'Generate'}
        </button>
      </div>
    </form>
  );
}
