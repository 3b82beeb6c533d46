import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { isCollaborationFinished, type CollaborationDiff, type CollaborationStatus, type SubtaskDiff } from '../../api/types';
import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { changeLabel, changeRows, collapseDiff, diffStats, diffSummary, sideDuration } from '../../lib/collaborationDiff';

/** While either side still runs, the comparison is read again this often. */
const REFRESH_MS = 1500;

const collaborationHref = (id: string) => `/collaborations/${encodeURIComponent(id)}`;

/** Two collaborations compared: the results byte for byte, and each subtask that changed, with its output diff. */
export function CollaborationDiffPage({ id, otherId }: { id: string; otherId: string }) {
  const { client } = useSession();
  const [settled, setSettled] = useState(false);
  const diff = useResource((signal) => client.diffCollaborations(id, otherId, signal), [client, id, otherId], settled ? undefined : REFRESH_MS);
  const data = diff.data;
  // Both ended, or one does not exist: nothing more will change.
  const gone = diff.error instanceof ApiError && diff.error.status === 404;
  useEffect(() => {
    if (gone || (data && isCollaborationFinished(data.leftStatus) && isCollaborationFinished(data.rightStatus))) setSettled(true);
  }, [data, gone]);

  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link href="/collaborations">Collaborations</Link> <Link href={collaborationHref(id)}>{id}</Link>
          </>
        }
        title="Compare"
        subtitle="Subtask by subtask (status, agent, attempts, output, error), and the results byte for byte."
      />
      <ErrorBanner message={diff.error?.message} onRetry={diff.reload} testId="diff-error" />
      {!data ? !diff.error && <Loading /> : <DiffView diff={data} />}
    </>
  );
}

function DiffView({ diff }: { diff: CollaborationDiff }) {
  const summary = diffSummary(diff);
  const running = !isCollaborationFinished(diff.leftStatus) || !isCollaborationFinished(diff.rightStatus);
  return (
    <>
      <section className="card diff-sides" aria-label="Collaborations" data-testid="diff-header">
        <Side label="Left" sign="−" id={diff.left} status={diff.leftStatus} testId="diff-left" />
        <Side label="Right" sign="+" id={diff.right} status={diff.rightStatus} testId="diff-right" />
        {running && <p className="muted small diff-running">One side is still running; this comparison follows it until both end.</p>}
      </section>

      <section className="card" aria-label="Result">
        <div className="card-header">
          <h2>Result</h2>
          {!diff.resultIdentical && <Stats lines={diff.resultDiff} />}
        </div>
        {diff.resultIdentical ? (
          <p className="diff-identical" data-testid="diff-result-identical">
            <span aria-hidden="true">=</span> Result identical, byte for byte
          </p>
        ) : (
          <DiffLines lines={diff.resultDiff} testId="diff-result" />
        )}
      </section>

      <section className="card" aria-label="Subtasks">
        <div className="card-header">
          <h2>Subtasks</h2>
          <span className="muted small" data-testid="diff-counts" data-unchanged={summary.unchanged} data-changed={summary.changed}>
            {summary.text}
          </span>
        </div>
        {diff.subtasks.length === 0 ? (
          <p className="muted small">Every subtask has the same status, agent, attempts, output and error on both sides.</p>
        ) : (
          <div className="diff-subtasks">
            {diff.subtasks.map((subtask) => (
              <ChangedSubtask key={subtask.id} subtask={subtask} diff={diff} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}

function Side({ label, sign, id, status, testId }: { label: string; sign: string; id: string; status: CollaborationStatus; testId: string }) {
  return (
    <div className="diff-side" data-testid={testId}>
      <span className="muted small diff-side-label">
        <span className={`diff-sign-${sign === '+' ? 'added' : 'removed'}`}>{sign}</span> {label}
      </span>
      <Link href={collaborationHref(id)} className="mono diff-side-id">
        {id}
      </Link>
      <StatusBadge status={status} testId={`${testId}-status`} />
    </div>
  );
}

function ChangedSubtask({ subtask, diff }: { subtask: SubtaskDiff; diff: CollaborationDiff }) {
  const rows = changeRows(subtask);
  return (
    <article className="diff-subtask" data-testid={`diff-subtask-${subtask.id}`} data-changes={subtask.changes.join(' ')}>
      <header className="diff-subtask-header">
        <span className="mono strong">{subtask.id}</span>
        <span className="tags">
          {subtask.changes.map((change) => (
            <span key={change} className={`tag diff-change diff-change-${change}`}>
              {changeLabel(change, diff)}
            </span>
          ))}
        </span>
        <span className="muted small diff-durations">
          {sideDuration(subtask.left)} → {sideDuration(subtask.right)}
        </span>
      </header>
      {rows.length > 0 && (
        <dl className="diff-facts">
          {rows.map((row) => (
            <div key={row.change} data-testid={`diff-${subtask.id}-${row.change}`}>
              <dt>{row.label}</dt>
              <dd>
                <span className="diff-old">{row.from}</span>
                <span aria-label="becomes"> → </span>
                <span className="diff-new">{row.to}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {subtask.outputDiff.length > 0 && (
        <>
          <div className="diff-output-label small muted">
            Output <Stats lines={subtask.outputDiff} />
          </div>
          <DiffLines lines={subtask.outputDiff} testId={`diff-output-${subtask.id}`} />
        </>
      )}
    </article>
  );
}

function Stats({ lines }: { lines: string[] }) {
  const { added, removed } = diffStats(lines);
  return (
    <span className="diff-stats small mono">
      <span className="diff-sign-added">+{added}</span> <span className="diff-sign-removed">−{removed}</span>
    </span>
  );
}

/** Unified lines with their sign in a gutter (each line a block, so copying keeps the lines); long unchanged runs fold away. */
function DiffLines({ lines, testId }: { lines: string[]; testId: string }) {
  const rows = collapseDiff(lines);
  return (
    <pre className="diff-block" data-testid={testId}>
      {rows.map((row, index) =>
        row.kind === 'skipped' ? (
          <span key={index} className="diff-line diff-skipped">
            <span className="diff-gutter" aria-hidden="true">⋯</span>
            {row.count} unchanged lines
          </span>
        ) : (
          <span key={index} className={`diff-line diff-${row.kind}`} data-kind={row.kind}>
            <span className="diff-gutter" aria-hidden="true">
              {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
            </span>
            {row.text}
          </span>
        ),
      )}
    </pre>
  );
}
