import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import type { TestingClient } from '../../../api/testingClient';
import type { FlakyDetectionReport } from '../../../api/testingTypes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Field } from '../../../components/Field';

interface DetectFlakyFormProps {
  testing: TestingClient;
  repositories: string[];
  initialRepository: string | undefined;
  onClose: () => void;
  onDetected: (report: FlakyDetectionReport) => void;
}

/**
 * Detection now (operators): history first, then targeted reruns of the failures history cannot explain, and with
 * the order check the suite run in other orders (pytest, Jest, go test, RSpec, PHPUnit, JUnit 5), bisecting for the test a failing one depends on.
 */
export function DetectFlakyForm({ testing, repositories, initialRepository, onClose, onDetected }: DetectFlakyFormProps) {
  const [repository, setRepository] = useState(initialRepository ?? repositories[0] ?? '');
  const [reruns, setReruns] = useState('3');
  const [orderCheck, setOrderCheck] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [rerunsError, setRerunsError] = useState<string[]>();
  const [report, setReport] = useState<FlakyDetectionReport | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const count = Number(reruns);
    if (!Number.isInteger(count) || count < 0 || count > 20) {
      setRerunsError(['A whole number from 0 to 20.']);
      return;
    }
    setRerunsError(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const result = await testing.detectFlaky({ repository, reruns: count, orderCheck });
      setReport(result);
      onDetected(result);
    } catch (caught) {
      const fields = caught instanceof ApiError ? Object.values(caught.fieldErrors).flat() : [];
      setError(fields.length > 0 ? fields.join(' ') : messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form test-form-inputs" onSubmit={(event) => void submit(event)} noValidate data-testid="flaky-detect-form">
      <h2>Detect flaky tests</h2>
      <p className="muted small">History decides most verdicts; only failures it cannot explain are run again, alone. The order check runs the suite in other orders (pytest, Jest, go test, RSpec, PHPUnit, JUnit 5) and looks for the test a failing one depends on.</p>
      <ErrorBanner message={error} testId="flaky-detect-error" />
      <div className="form-grid">
        <Field label="Repository" htmlFor="flaky-detect-repository">
          <select id="flaky-detect-repository" value={repository} onChange={(event) => setRepository(event.target.value)} data-testid="flaky-detect-repository">
            {repositories.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reruns" htmlFor="flaky-detect-reruns" errors={rerunsError} hint="At most this many reruns per unexplained failure, stopping at the first pass.">
          <input id="flaky-detect-reruns" type="number" min={0} max={20} value={reruns} onChange={(event) => setReruns(event.target.value)} data-testid="flaky-detect-reruns" />
        </Field>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={orderCheck} onChange={(event) => setOrderCheck(event.target.checked)} data-testid="flaky-detect-order" /> Order check
          </label>
          <div className="hint">Runs the suite in other orders: slower, finds order-dependent tests and their polluters.</div>
        </div>
      </div>
      {report && (
        <div className="banner banner-notice flaky-detect-result" role="status" data-testid="flaky-detect-result">
          <div>
            <p>
              {report.testsAnalysed} test{report.testsAnalysed === 1 ? '' : 's'} analysed, {report.failures} failure{report.failures === 1 ? '' : 's'} in history,{' '}
              {report.reruns} rerun{report.reruns === 1 ? '' : 's'} ({report.rerunsPerFailure.toFixed(2)} per failure)
              {report.orderRuns > 0 ? `, ${report.orderRuns} order run${report.orderRuns === 1 ? '' : 's'}` : ''}: <strong>{report.flaky} flaky</strong>.
            </p>
            {report.orderDependencies.length > 0 && (
              <ul>
                {report.orderDependencies.map((dependency) => (
                  <li key={`${dependency.id}/${dependency.after}`}>
                    <code className="mono">{dependency.id}</code> fails after <code className="mono">{dependency.after}</code>
                  </li>
                ))}
              </ul>
            )}
            {report.notes.length > 0 && (
              <ul className="muted small">
                {report.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
          Close
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !repository} data-testid="flaky-detect-submit">
          {busy ? 'Detecting… (reruns take a while)' : 'Detect now'}
        </button>
      </div>
    </form>
  );
}
