import { useCallback, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatTimestamp } from '../../lib/format';

/** One dead letter: where it was going, why it died, its payload and every delivery attempt. */
export function DeadLetterPage({ messageId }: { messageId: string }) {
  const { client, caller } = useSession();
  const letter = useResource((signal) => client.getDeadLetter(messageId, signal), [client, messageId]);
  const [busy, setBusy] = useState<'redrive' | 'purge' | null>(null);
  const [actionError, setActionError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [dialogError, setDialogError] = useState<string>();
  const operator = canOperate(caller.role);

  const redrive = async () => {
    setBusy('redrive');
    setActionError(undefined);
    try {
      await client.redriveDeadLetter(messageId);
      navigate('/dead-letters');
    } catch (error) {
      setActionError(messageOf(error));
      setBusy(null);
    }
  };
  const purge = async () => {
    setBusy('purge');
    setDialogError(undefined);
    try {
      await client.purgeDeadLetter(messageId);
      navigate('/dead-letters');
    } catch (error) {
      setDialogError(messageOf(error));
      setBusy(null);
    }
  };
  const closeDialog = useCallback(() => {
    setConfirming(false);
    setDialogError(undefined);
  }, []);

  const breadcrumb = <Link href="/dead-letters">Dead letters</Link>;
  const view = letter.data;
  const gone = letter.error instanceof ApiError && letter.error.status === 404;

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={<span className="mono collaboration-title">{messageId}</span>}
        subtitle={view ? `${view.performative} from ${view.sender} to ${view.receiver}` : undefined}
        actions={
          operator &&
          view && (
            <>
              <button type="button" className="button button-primary" onClick={() => void redrive()} disabled={busy !== null} data-testid="dead-letter-redrive">
                {busy === 'redrive' ? 'Redriving…' : 'Redrive'}
              </button>
              <button
                type="button"
                className="button button-danger-outline"
                onClick={() => setConfirming(true)}
                disabled={busy !== null}
                data-testid="dead-letter-purge"
              >
                Purge
              </button>
            </>
          )
        }
      />
      <ErrorBanner message={gone ? 'This dead letter is gone: redriven or purged.' : letter.error?.message} onRetry={gone ? undefined : letter.reload} testId="dead-letter-error" />
      <ErrorBanner message={actionError} testId="dead-letter-action-error" />

      {!view ? (
        !letter.error && <Loading />
      ) : (
        <>
          <section className="card" aria-label="Dead letter">
            <div className="banner banner-error" data-testid="dead-letter-reason">
              <p>{view.reason}</p>
            </div>
            <dl className="facts-grid" data-testid="dead-letter-details">
              <Fact label="Performative" value={view.performative} />
              <Fact label="Protocol" value={view.protocol} />
              <Fact label="Sender" value={view.sender} mono />
              <Fact label="Receiver" value={view.receiver} mono />
              <Fact label="Conversation" value={view.conversationId} mono />
              <Fact label="Priority" value={String(view.priority)} />
              <Fact label="Attempt" value={String(view.attempt)} />
              <Fact label="Idempotency key" value={view.idempotencyKey} mono />
              <Fact label="Created" value={formatTimestamp(view.createdAt)} />
              <Fact label="Reply by" value={view.replyBy ? formatTimestamp(view.replyBy) : null} />
              <Fact label="Dead since" value={formatTimestamp(view.deadAt)} />
            </dl>
          </section>

          <section className="card" aria-label="Payload">
            <h2>Payload</h2>
            <pre className="json-block" data-testid="dead-letter-payload">
              {view.payload === null || view.payload === undefined ? 'No payload.' : JSON.stringify(view.payload, null, 2)}
            </pre>
          </section>

          <section className="card" aria-label="Delivery history">
            <div className="card-header">
              <h2>Delivery attempts</h2>
              <span className="muted small">{view.history.length}</span>
            </div>
            {view.history.length === 0 ? (
              <p className="empty">No attempts were recorded.</p>
            ) : (
              <table className="table responsive" data-testid="dead-letter-history">
                <thead>
                  <tr>
                    <th scope="col" className="num">Attempt</th>
                    <th scope="col">At</th>
                    <th scope="col">Consumer</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {view.history.map((attempt, index) => (
                    <tr key={`${attempt.attempt}-${index}`}>
                      <td data-label="Attempt" className="num">
                        {attempt.attempt}
                      </td>
                      <td data-label="At">
                        {formatTimestamp(attempt.at)}
                      </td>
                      <td data-label="Consumer" className="mono small">
                        {attempt.consumer ?? '—'}
                      </td>
                      <td data-label="Outcome">{attempt.outcome}</td>
                      <td data-label="Reason" className="cell-error">
                        {attempt.reason ?? <span className="muted">—</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}

      {confirming && (
        <ConfirmDialog title={`Purge ${messageId}?`} confirmLabel="Purge" busy={busy !== null} error={dialogError} onConfirm={() => void purge()} onCancel={closeDialog}>
          <p>The message is dropped for good; it will not be delivered. Redrive it instead to try again.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Fact({ label, value, mono = false }: { label: string; value: string | null; mono?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={mono ? 'mono break' : undefined}>{value ?? '—'}</dd>
    </div>
  );
}
