import { useState } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { QuarantinedTest } from '../../../api/testingTypes';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Field, describedBy } from '../../../components/Field';
import { sortFieldErrors } from '../../../lib/fieldErrors';
import { checkQuarantine, type QuarantineField, type QuarantineForm } from './flakyView';

const SERVER_FIELDS: Record<string, QuarantineField> = { repository: 'repository', id: 'id', reason: 'reason', expiresAt: 'until' };

interface QuarantineDialogProps {
  testing: TestingClient;
  repositories: string[];
  initial: Partial<QuarantineForm>;
  onDone: (entry: QuarantinedTest) => void;
  onCancel: () => void;
}

/** Quarantines a test (operators): who is the caller, why is required, until when is optional. */
export function QuarantineDialog({ testing, repositories, initial, onDone, onCancel }: QuarantineDialogProps) {
  const [form, setForm] = useState<QuarantineForm>({ repository: initial.repository ?? repositories[0] ?? '', id: initial.id ?? '', reason: initial.reason ?? '', until: initial.until ?? '' });
  const [errors, setErrors] = useState<Partial<Record<QuarantineField, string[]>>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fixed = Boolean(initial.id);
  const set = (field: keyof QuarantineForm) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  const submit = async () => {
    const checked = checkQuarantine(form, new Date());
    setErrors(checked.errors);
    setError(undefined);
    if (!checked.request) return;
    setBusy(true);
    try {
      onDone(await testing.quarantine(checked.request));
    } catch (caught) {
      const sorted = caught instanceof ApiError ? sortFieldErrors(caught.fieldErrors, SERVER_FIELDS) : { byField: {}, other: [] };
      setErrors(sorted.byField);
      setError(Object.keys(sorted.byField).length > 0 ? ['Some fields need fixing.', ...sorted.other].join(' ') : messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog title="Quarantine a test" confirmLabel="Quarantine" tone="primary" wide busy={busy} error={error} onConfirm={() => void submit()} onCancel={onCancel}>
      <p className="muted small">A quarantined test still runs and its results still show, flaky or failed; its failure just no longer fails the run.</p>
      <div className="form-grid test-form-inputs test-quarantine-form" data-testid="flaky-quarantine-form">
        <Field label="Repository" htmlFor="flaky-quarantine-repository" errors={errors.repository}>
          {fixed ? (
            <input id="flaky-quarantine-repository" value={form.repository} readOnly />
          ) : (
            <select id="flaky-quarantine-repository" value={form.repository} onChange={(event) => set('repository')(event.target.value)} {...describedBy('flaky-quarantine-repository', false, errors.repository)}>
              {repositories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Test" htmlFor="flaky-quarantine-id" errors={errors.id} hint={fixed ? undefined : 'Its id as results name it, e.g. tests.test_api::test_login.'}>
          <input id="flaky-quarantine-id" className="mono" value={form.id} readOnly={fixed} onChange={(event) => set('id')(event.target.value)} data-testid="flaky-quarantine-id" {...describedBy('flaky-quarantine-id', !fixed, errors.id)} />
        </Field>
        <Field label="Reason" htmlFor="flaky-quarantine-reason" errors={errors.reason} hint="Required: what fails, an issue number.">
          <textarea id="flaky-quarantine-reason" rows={2} value={form.reason} onChange={(event) => set('reason')(event.target.value)} data-testid="flaky-quarantine-reason" {...describedBy('flaky-quarantine-reason', true, errors.reason)} />
        </Field>
        <Field label="Until" htmlFor="flaky-quarantine-until" errors={errors.until} optional hint="It applies until the end of that day (UTC); no date means until released.">
          <input id="flaky-quarantine-until" type="date" value={form.until} onChange={(event) => set('until')(event.target.value)} data-testid="flaky-quarantine-until" {...describedBy('flaky-quarantine-until', true, errors.until)} />
        </Field>
      </div>
    </ConfirmDialog>
  );
}
