import { useEffect, useMemo, useState } from 'react';
import { messageOf } from '../../../api/client';
import { TestingClient } from '../../../api/testingClient';
import type { GenerationBatchView, GenerationReport, TestCandidate } from '../../../api/testingTypes';
import { useSession } from '../../../app/context';
import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { formatDuration, formatRelative, formatTimestamp } from '../../../lib/format';
import { BatchStatusBadge } from './BatchStatusBadge';
import { CANDIDATE_STATUS_LABELS, addedCoverageText, codeOf, funnelOf, isBatchActive, keepSelectable, reasonOf, splitCandidates, toggleAll, toggleCandidate } from './generationView';
import '../testing.css';
import './generation.css';

/** Generation runs the suite many times over: read the batch again every 1.5 s until it is generated. */
const ACTIVE_REFRESH_MS = 1500;

/** One generation batch: followed until generated, then its report, the kept candidates' code for review, and the files written. */
export function GenerationBatchPage({ id }: { id: string }) {
  const { client, caller } = useSession();
  const testing = useMemo(() => new TestingClient(client), [client]);
  const [active, setActive] = useState(true);
  const batch = useResource((signal) => testing.generationBatch(id, signal), [testing, id], active ? ACTIVE_REFRESH_MS : undefined);
  const [reviewed, setReviewed] = useState<GenerationBatchView | null>(null);
  const data = reviewed ?? batch.data;
  useEffect(() => {
    if (batch.data) setActive(isBatchActive(batch.data.status));
  }, [batch.data]);

  return (
    <>
      <PageHeader
        breadcrumb={<Link href={hrefOf({ page: 'testing', tab: 'generated' })}>Testing · Generated tests</Link>}
        title="Generated tests"
        subtitle={data ? <BatchSubtitle batch={data} /> : id}
      />
      <ErrorBanner message={batch.error?.message} onRetry={batch.reload} testId="generation-error" />
      {!data ? (
        !batch.error && <Loading />
      ) : (
        <BatchBody batch={data} testing={testing} operator={canOperate(caller.role)} onReviewed={setReviewed} />
      )}
    </>
  );
}

function BatchSubtitle({ batch }: { batch: GenerationBatchView }) {
  return (
    <span className="generation-subtitle">
      <BatchStatusBadge status={batch.status} testId="generation-status" />
      <span>
        {batch.repository}
        {batch.file && <span className="mono"> · {batch.file}</span>}
      </span>
      <span className="muted">
        by {batch.requestedBy} <span title={formatTimestamp(batch.createdAt)}>{formatRelative(batch.createdAt)}</span>
        {batch.finishedAt && `, took ${formatDuration(Date.parse(batch.finishedAt) - Date.parse(batch.createdAt))}`}
      </span>
    </span>
  );
}

function BatchBody({ batch, testing, operator, onReviewed }: { batch: GenerationBatchView; testing: TestingClient; operator: boolean; onReviewed: (batch: GenerationBatchView) => void }) {
  if (isBatchActive(batch.status)) {
    return <Waiting batch={batch} testing={testing} operator={operator} onCancelled={onReviewed} />;
  }
  if (batch.status === 'cancelled') {
    return (
      <>
        <div className="banner banner-notice" role="status" data-testid="generation-cancelled">
          <p>{batch.error ?? 'The batch was cancelled.'} {batch.report ? 'The candidates judged before it stopped are below; nothing can be accepted from it.' : 'It was cancelled before it generated anything.'}</p>
        </div>
        {batch.report && <Review batch={batch} report={batch.report} testing={testing} operator={operator} onReviewed={onReviewed} />}
      </>
    );
  }
  if (batch.status === 'failed' || !batch.report) {
    return (
      <div className="banner banner-error" role="alert" data-testid="generation-failed">
        <p>{batch.error ?? 'The batch ended without a report.'}</p>
      </div>
    );
  }
  return <Review batch={batch} report={batch.report} testing={testing} operator={operator} onReviewed={onReviewed} />;
}

function Waiting({ batch, testing, operator, onCancelled }: { batch: GenerationBatchView; testing: TestingClient; operator: boolean; onCancelled: (batch: GenerationBatchView) => void }) {
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string>();
  const cancel = async () => {
    setCancelling(true);
    setError(undefined);
    try {
      // Answered once the batch's processes have stopped, with the batch as it ended.
      onCancelled(await testing.cancelGeneration(batch.id));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setCancelling(false);
    }
  };
  return (
    <div className="card generation-waiting" data-testid="generation-waiting">
      <span className="badge test-badge-running">
        <span className="badge-dot" aria-hidden="true" />
        {batch.status === 'queued' ? 'waiting for the batches before it' : 'generating'}
      </span>
      <p className="muted">
        Each candidate is compiled, run 5 times and measured for coverage through the real framework: this takes a while. This page follows the batch.
      </p>
      {operator && (
        <button type="button" className="button button-small button-danger-outline" onClick={() => void cancel()} disabled={cancelling} data-testid="generation-cancel">
          {cancelling ? 'Cancelling…' : 'Cancel batch'}
        </button>
      )}
      <ErrorBanner message={error} testId="generation-cancel-error" />
    </div>
  );
}

function Review({ batch, report, testing, operator, onReviewed }: { batch: GenerationBatchView; report: GenerationReport; testing: TestingClient; operator: boolean; onReviewed: (batch: GenerationBatchView) => void }) {
  const { reviewed, stopped } = splitCandidates(report.candidates);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [confirmReject, setConfirmReject] = useState(false);
  const reviewable = operator && batch.status === 'ready';
  const kept = reviewed.filter((candidate) => candidate.status === 'kept');
  const chosen = keepSelectable(selected, report.candidates);

  const act = async (action: () => Promise<GenerationBatchView>) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await action();
      setSelected(new Set());
      setConfirmReject(false);
      onReviewed(next);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ReportSummary batch={batch} report={report} />

      {batch.written.length > 0 && (
        <div className="banner banner-notice" role="status" data-testid="generation-written">
          <div>
            <p>
              Written into {batch.repository}: {report.candidates.filter((candidate) => candidate.status === 'accepted').length} test(s) in
            </p>
            <ul>
              {batch.written.map((file) => (
                <li key={file} className="mono" data-testid="generation-written-file">
                  {file}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}

      <section className="card card-flush test-flush" aria-label="Kept candidates">
        <div className="card-header flaky-header">
          <h2>Kept candidates</h2>
          <span className="muted small">
            {kept.length > 0 ? `${kept.length} await review` : reviewed.length > 0 ? 'reviewed' : 'none passed every filter'}
          </span>
          {reviewable && kept.length > 0 && (
            <div className="generation-actions">
              <button type="button" className="button button-small button-ghost" onClick={() => setSelected(toggleAll(chosen, report.candidates))} data-testid="generation-select-all">
                {kept.every((candidate) => chosen.has(candidate.id)) ? 'Select none' : 'Select all'}
              </button>
              <button type="button" className="button button-small button-danger-outline" onClick={() => setConfirmReject(true)} disabled={busy} data-testid="generation-reject">
                Reject all
              </button>
              <button
                type="button"
                className="button button-small button-primary"
                disabled={busy || chosen.size === 0}
                onClick={() => void act(() => testing.acceptGenerated(batch.id, [...chosen]))}
                data-testid="generation-accept"
              >
                {busy ? 'Writing…' : `Accept selected (${chosen.size})`}
              </button>
            </div>
          )}
        </div>
        <ErrorBanner message={error} testId="generation-review-error" />
        {reviewable && kept.length > 0 && (
          <p className="muted small generation-hint">Accepting writes the selected tests into new files of the repository (never over an existing file); the kept ones not selected are rejected.</p>
        )}
        {reviewed.length === 0 ? (
          <p className="empty">No candidate compiled, passed 5 runs out of 5 and added coverage: there is nothing to review.</p>
        ) : (
          <ul className="generation-candidates" data-testid="generation-candidates">
            {reviewed.map((candidate) => (
              <CandidateCard
                key={candidate.id}
                candidate={candidate}
                selectable={reviewable && candidate.status === 'kept'}
                selected={chosen.has(candidate.id)}
                onToggle={() => setSelected(toggleCandidate(chosen, candidate.id, report.candidates))}
              />
            ))}
          </ul>
        )}
      </section>

      {stopped.length > 0 && <StoppedCandidates candidates={stopped} cancelled={report.cancelled} />}

      {confirmReject && (
        <ConfirmDialog title="Reject the generated tests" confirmLabel="Reject all" busy={busy} error={error} onConfirm={() => void act(() => testing.rejectGenerated(batch.id))} onCancel={() => setConfirmReject(false)}>
          <p>Reject all {kept.length} kept candidate(s)? Nothing is written into the repository.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function ReportSummary({ batch, report }: { batch: GenerationBatchView; report: GenerationReport }) {
  const funnel = funnelOf(report);
  return (
    <section className="card" aria-label="Report" data-testid="generation-report">
      <div className="card-header">
        <h2>Report</h2>
        <span className="muted small">
          {report.language} · {report.framework}
          {report.modelUsed ? ' · with a model' : ' · characterisation only'}
        </span>
      </div>
      <ol className="generation-funnel" data-testid="generation-funnel">
        {funnel.map((step) => (
          <li key={step.label} data-step={step.label}>
            <span className="generation-funnel-count">{step.count}</span>
            <span className="generation-funnel-label">{step.label}</span>
            {step.dropped > 0 && <span className="muted small">−{step.dropped}</span>}
          </li>
        ))}
      </ol>
      {report.cancelled ? (
        <p className="muted" data-testid="generation-coverage">
          Coverage was not measured: the batch was cancelled first.
        </p>
      ) : (
        <p data-testid="generation-coverage">
          Lines of {report.targets.length === 1 ? <span className="mono">{report.targets[0]}</span> : `${report.targets.length} files`} covered: {report.coveredBefore} by the existing tests,{' '}
          <strong>{report.coveredAfter}</strong> with the kept tests, of {report.coverableLines}.
        </p>
      )}
      {report.testFiles.length > 0 && batch.status === 'ready' && (
        <p className="muted small">
          Would be written to{' '}
          {report.testFiles.map((file, index) => (
            <span key={file}>
              {index > 0 && ', '}
              <code className="mono">{file}</code>
            </span>
          ))}
          .
        </p>
      )}
      {report.notes.length > 0 && (
        <ul className="muted small">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CandidateCard({ candidate, selectable, selected, onToggle }: { candidate: TestCandidate; selectable: boolean; selected: boolean; onToggle: () => void }) {
  const checkbox = `generation-pick-${candidate.id}`;
  return (
    <li className={`generation-candidate${selected ? ' selected' : ''}`} data-testid="generation-candidate" data-candidate={candidate.id} data-status={candidate.status}>
      <div className="generation-candidate-head">
        {selectable && <input id={checkbox} type="checkbox" checked={selected} onChange={onToggle} data-testid="generation-pick" aria-label={`Select ${candidate.name}`} />}
        <label htmlFor={selectable ? checkbox : undefined} className="mono generation-candidate-name">
          {candidate.name}
        </label>
        <span className={`badge generation-badge-${candidate.status}`}>{CANDIDATE_STATUS_LABELS[candidate.status]}</span>
      </div>
      <div className="muted small generation-candidate-meta">
        <span className="mono">{candidate.target}</span>
        {candidate.function && <span>tests {candidate.function}</span>}
        <span>{candidate.origin === 'model' ? 'written by the model' : 'characterisation'}</span>
        <span>passed {candidate.passes ?? 0} of 5 runs</span>
        <span className="text-green">{addedCoverageText(candidate)}</span>
      </div>
      <pre className="generation-code" data-testid="generation-code">
        <code>{codeOf(candidate)}</code>
      </pre>
    </li>
  );
}

function StoppedCandidates({ candidates, cancelled }: { candidates: TestCandidate[]; cancelled: boolean }) {
  const title = cancelled ? 'Not kept: rejected, or not judged before the cancel' : 'Rejected by the filters';
  return (
    <section className="card card-flush test-flush" aria-label={title}>
      <div className="card-header flaky-header">
        <h2>{title}</h2>
        <span className="muted small">why each one was left out</span>
      </div>
      <ul className="generation-stopped" data-testid="generation-stopped">
        {candidates.map((candidate) => (
          <li key={candidate.id} data-testid="generation-stopped-row" data-status={candidate.status}>
            <div className="generation-candidate-head">
              <span className="mono generation-candidate-name">{candidate.name}</span>
              <span className={`badge generation-badge-${candidate.status}`}>{CANDIDATE_STATUS_LABELS[candidate.status]}</span>
            </div>
            <p className="small generation-reason">{reasonOf(candidate)}</p>
            <details>
              <summary className="small">Code</summary>
              <pre className="generation-code">
                <code>{codeOf(candidate)}</code>
              </pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
