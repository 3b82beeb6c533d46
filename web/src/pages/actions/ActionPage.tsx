import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { openActionStream } from '../../api/actionStream';
import { ApiError, messageOf } from '../../api/client';
import { isFinished } from '../../api/types';
import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { canOperate } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatTimestamp } from '../../lib/format';
import { initialLiveAction, outputText, reduceLiveAction } from '../../lib/liveAction';

/** connecting → live → ended (finished), or lost (closed early; retried a few times, then by hand). */
type Connection = 'connecting' | 'live' | 'ended' | 'lost';

const MAX_AUTO_RECONNECTS = 4;

export function ActionPage({ id }: { id: string }) {
  const { client, caller } = useSession();
  const [state, dispatch] = useReducer(reduceLiveAction, initialLiveAction);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [attempt, setAttempt] = useState(0);
  const [loadError, setLoadError] = useState<ApiError | Error>();
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<string>();
  const reconnects = useRef(0);

  // The record over HTTP (for the header at once), and the live stream, which replays all past events first.
  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    dispatch({ type: 'reset' });
    setConnection('connecting');

    client
      .getAction(id, controller.signal)
      .then((action) => dispatch({ type: 'loaded', action }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error instanceof Error ? error : new Error(String(error)));
      });

    const stop = openActionStream(client.actionStreamUrl(id, window.location.origin), {
      onOpen: () => setConnection('live'),
      onEvent: (event) => dispatch({ type: 'event', event }),
      onClose: (finished) => {
        if (finished) {
          setConnection('ended');
          return;
        }
        // Closed early: the key was revoked (the HTTP read says so and signs out), the action is unknown,
        // the server restarted, or the network dropped. Ask over HTTP what is true now.
        void recover(controller.signal).then((retryable) => {
          if (!retryable || controller.signal.aborted) return;
          if (reconnects.current < MAX_AUTO_RECONNECTS) {
            reconnects.current += 1;
            retry = setTimeout(() => setAttempt((value) => value + 1), 1000 * reconnects.current);
          }
        });
      },
    });

    const recover = async (signal: AbortSignal): Promise<boolean> => {
      try {
        const action = await client.getAction(id, signal);
        dispatch({ type: 'loaded', action });
        if (isFinished(action.status)) {
          const output = await client.getOutput(id, signal);
          dispatch({ type: 'output', text: output.output });
          setConnection('ended');
          return false;
        }
        setConnection('lost');
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        setLoadError(error instanceof Error ? error : new Error(String(error)));
        setConnection('lost');
        return !(error instanceof ApiError && (error.status === 401 || error.status === 404));
      }
    };

    return () => {
      controller.abort();
      if (retry !== undefined) clearTimeout(retry);
      stop();
    };
  }, [client, id, attempt]);

  const action = state.action;
  const running = action !== null && !isFinished(action.status);
  const now = useTicker(running);

  const cancel = useCallback(async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      dispatch({ type: 'loaded', action: await client.cancelAction(id) });
    } catch (error) {
      setCancelError(messageOf(error));
    } finally {
      setCancelling(false);
    }
  }, [client, id]);

  const reconnect = () => {
    reconnects.current = 0;
    setLoadError(undefined);
    setAttempt((value) => value + 1);
  };

  const breadcrumb = <Link href="/actions">Actions</Link>;
  if (loadError instanceof ApiError && loadError.status === 404) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={<span className="mono">{id}</span>} />
        <ErrorBanner message={loadError.message} />
      </>
    );
  }

  const elapsed = action?.startedAt ? (action.finishedAt ? Date.parse(action.finishedAt) : now) - Date.parse(action.startedAt) : null;

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={
          <span className="title-with-badge">
            <span className="action-title">{action ? action.summary || action.kind : 'Action'}</span>
            {action && <StatusBadge status={action.status} testId="action-status" />}
          </span>
        }
        subtitle={<span className="mono small" data-testid="action-id">{id}</span>}
        actions={
          running &&
          canOperate(caller.role) && (
            <button type="button" className="button button-danger-outline" onClick={() => void cancel()} disabled={cancelling} data-testid="action-cancel">
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )
        }
      />
      <ErrorBanner message={cancelError} />
      {loadError && !(loadError instanceof ApiError && loadError.status === 404) && <ErrorBanner message={loadError.message} />}

      {!action ? (
        !loadError && <Loading />
      ) : (
        <section className="card facts" aria-label="Action">
          <dl className="facts-grid">
            <div>
              <dt>Agent</dt>
              <dd>
                <Link href={`/agents/${encodeURIComponent(action.agent)}`}>{action.agent}</Link>
              </dd>
            </div>
            <div>
              <dt>Kind</dt>
              <dd>{action.kind}</dd>
            </div>
            <div>
              <dt>Requested by</dt>
              <dd>{action.requestedBy}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatTimestamp(action.createdAt)}</dd>
            </div>
            <div>
              <dt>{action.finishedAt ? 'Duration' : 'Running for'}</dt>
              <dd data-testid="action-duration">{action.durationMs !== null ? formatDuration(action.durationMs) : elapsed !== null ? formatDuration(elapsed) : '—'}</dd>
            </div>
            <div>
              <dt>Exit code</dt>
              <dd data-testid="action-exit-code">{action.exitCode ?? '—'}</dd>
            </div>
          </dl>
          {action.error && (
            <div className={`banner ${action.status === 'failed' ? 'banner-error' : 'banner-warning'}`} data-testid="action-error">
              <p>{action.error}</p>
            </div>
          )}
        </section>
      )}

      <section className="terminal-card" aria-label="Output">
        <div className="terminal-bar">
          <span className="terminal-title">Output</span>
          <ConnectionIndicator connection={connection} running={running} />
          <div className="terminal-tools">
            {connection === 'lost' && (
              <button type="button" className="button button-small button-dark" onClick={reconnect} data-testid="action-reconnect">
                Reconnect
              </button>
            )}
            <CopyButton text={outputText(state.chunks)} />
          </div>
        </div>
        <Terminal chunks={state.chunks} running={running} firstOutputStatus={state.firstOutput?.status ?? null} />
        {action?.outputTruncated && <div className="terminal-note">The output was longer than the server keeps; the end was cut.</div>}
      </section>
    </>
  );
}

function Terminal({ chunks, running, firstOutputStatus }: { chunks: ReturnType<typeof reduceLiveAction>['chunks']; running: boolean; firstOutputStatus: string | null }) {
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  // Follow new output unless the reader has scrolled up to look at something.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [chunks]);

  return (
    <pre
      ref={ref}
      className="terminal"
      data-testid="action-output"
      data-first-output-status={firstOutputStatus ?? ''}
      tabIndex={0}
      role="log"
      onScroll={(event) => {
        const element = event.currentTarget;
        stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
    >
      {chunks.length === 0 ? (
        <span className="terminal-empty">{running ? 'Waiting for output…' : 'No output.'}</span>
      ) : (
        chunks.map((chunk, index) => (
          <span key={index} className={`stream-${chunk.stream}`}>
            {chunk.text}
          </span>
        ))
      )}
      {running && <span className="cursor" aria-hidden="true" />}
    </pre>
  );
}

function ConnectionIndicator({ connection, running }: { connection: Connection; running: boolean }) {
  const text =
    connection === 'connecting' ? 'connecting' : connection === 'live' ? (running ? 'live' : 'connected') : connection === 'ended' ? 'complete' : 'stream interrupted';
  return (
    <span className={`connection connection-${connection}`} data-testid="action-connection" data-connection={connection}>
      <span className="badge-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  if (!text || !navigator.clipboard) return null;
  return (
    <button
      type="button"
      className="button button-small button-dark"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** The current time, ticking while `active`, for the running-for clock. */
function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
