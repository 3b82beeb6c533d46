import { useCallback, useState } from 'react';
import { messageOf } from '../../api/client';
import type { DeadLetterView } from '../../api/types';
import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { canOperate, isAdmin } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { deadLetterHref } from './deadLetterText';

const REFRESH_MS = 10_000;
const LIMIT = 100;

type Pending = { kind: 'purge'; letter: DeadLetterView } | { kind: 'purge-all' };

/** Messages the bus could not deliver, newest first: look at one, send it again (redrive) or drop it (purge). */
export function DeadLettersPage() {
  const { client, caller } = useSession();
  const list = useResource((signal) => client.listDeadLetters(LIMIT, signal), [client], REFRESH_MS);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [pending, setPending] = useState<Pending | null>(null);
  const [dialogError, setDialogError] = useState<string>();
  const operator = canOperate(caller.role);
  const items = list.data?.items ?? [];

  const redrive = async (letter: DeadLetterView) => {
    setBusy(`redrive:${letter.messageId}`);
    setActionError(undefined);
    setNotice(undefined);
    try {
      await client.redriveDeadLetter(letter.messageId);
      setNotice(`Sent ${letter.messageId} to ${letter.receiver} again.`);
      list.reload();
    } catch (error) {
      setActionError(messageOf(error));
    } finally {
      setBusy(null);
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(pending.kind);
    setDialogError(undefined);
    try {
      const { purged } = pending.kind === 'purge' ? await client.purgeDeadLetter(pending.letter.messageId) : await client.purgeAllDeadLetters();
      setNotice(pending.kind === 'purge' ? `Purged ${pending.letter.messageId}.` : `Purged ${purged} dead letter${purged === 1 ? '' : 's'}.`);
      setPending(null);
      list.reload();
    } catch (error) {
      setDialogError(messageOf(error));
    } finally {
      setBusy(null);
    }
  };
  const closeDialog = useCallback(() => {
    setPending(null);
    setDialogError(undefined);
  }, []);

  return (
    <>
      <PageHeader
        title="Dead letters"
        subtitle="Messages between agents that could not be delivered after their retries, newest first."
        actions={
          <>
            <button type="button" className="button button-small" onClick={list.reload} data-testid="dead-letters-refresh">
              Refresh
            </button>
            {isAdmin(caller.role) && items.length > 0 && (
              <button
                type="button"
                className="button button-danger-outline"
                onClick={() => setPending({ kind: 'purge-all' })}
                disabled={busy !== null}
                data-testid="dead-letters-purge-all"
              >
                Purge all
              </button>
            )}
          </>
        }
      />

      <ErrorBanner message={list.error?.message} onRetry={list.reload} testId="dead-letters-error" />
      <ErrorBanner message={actionError} testId="dead-letters-action-error" />
      {notice && (
        <div className="banner banner-notice" role="status" data-testid="dead-letters-notice">
          <p>{notice}</p>
        </div>
      )}

      {!list.data ? (
        !list.error && <Loading />
      ) : items.length === 0 ? (
        <div className="card empty" data-testid="dead-letters-empty">
          No dead letters. Messages the bus gives up on (delivery limit, rejected, expired) show here.
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="dead-letters-table">
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col">From → to</th>
                <th scope="col" className="num">Deliveries</th>
                <th scope="col">Reason</th>
                <th scope="col">Dead</th>
                {operator && <th scope="col" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {items.map((letter) => (
                <tr key={letter.messageId} data-testid={`dead-letter-row-${letter.messageId}`}>
                  <td data-label="Message" className="cell-message">
                    <div className="collaboration-cell">
                      <Link href={deadLetterHref(letter.messageId)} className="summary-text mono">
                        {letter.messageId}
                      </Link>
                      <span className="muted small summary-text">
                        {letter.performative}
                        {letter.protocol && letter.protocol !== letter.performative ? ` · ${letter.protocol}` : ''}
                      </span>
                    </div>
                  </td>
                  <td data-label="From → to" className="small">
                    <span className="mono nowrap">{letter.sender}</span> → <span className="mono nowrap">{letter.receiver}</span>
                  </td>
                  <td data-label="Deliveries" className="num">
                    {letter.history.length}
                  </td>
                  <td data-label="Reason" className="cell-reason">
                    <span className="text-red">{letter.reason}</span>
                  </td>
                  <td data-label="Dead" className="nowrap" title={formatTimestamp(letter.deadAt)}>
                    {formatRelative(letter.deadAt)}
                  </td>
                  {operator && (
                    <td data-label="" className="nowrap row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        disabled={busy !== null}
                        onClick={() => void redrive(letter)}
                        data-testid={`dead-letter-redrive-${letter.messageId}`}
                      >
                        {busy === `redrive:${letter.messageId}` ? 'Redriving…' : 'Redrive'}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        disabled={busy !== null}
                        onClick={() => setPending({ kind: 'purge', letter })}
                        data-testid={`dead-letter-purge-${letter.messageId}`}
                      >
                        Purge
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && items.length >= LIMIT && <p className="muted small">Showing the newest {LIMIT}.</p>}

      {pending && (
        <ConfirmDialog
          title={pending.kind === 'purge' ? `Purge ${pending.letter.messageId}?` : `Purge all ${items.length >= LIMIT ? `${LIMIT}+` : items.length} dead letters?`}
          confirmLabel={pending.kind === 'purge' ? 'Purge' : 'Purge all'}
          busy={busy !== null}
          error={dialogError}
          onConfirm={() => void confirm()}
          onCancel={closeDialog}
        >
          <p>
            {pending.kind === 'purge'
              ? 'The message is dropped for good; it will not be delivered. Redrive it instead to try again.'
              : 'Every dead letter is dropped for good; none of them will be delivered.'}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
