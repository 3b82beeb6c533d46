import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { openCollaborationStream } from '../../api/collaborationStream';
import { isCollaborationFinished, type CollaborationEvent, type CollaborationView, type SubtaskView } from '../../api/types';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { canOperate } from '../../app/session';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatTimestamp } from '../../lib/format';
import { initialLiveCollaboration, reduceLiveCollaboration, replayView, resumeAfter } from '../../lib/liveCollaboration';
import { canReExecute, describeOrigin, diffHref } from '../../lib/replayFork';
import { AgentTimeline } from './AgentTimeline';
import { ConversationView } from './ConversationView';
import { DependencyGraph } from './DependencyGraph';
import { ForkDialog } from './ForkDialog';
import { ReplayBar } from './ReplayBar';
import { useReplay } from './useReplay';
import { escalationQuestion, escalationReason } from '../../lib/escalation';

type Connection = 'connecting' | 'live' | 'ended' | 'lost';

const connectionLabels: Record<Connection | 'replay', string> = {
  connecting: 'connecting',
  live: 'live',
  ended: 'complete',
  lost: 'stream interrupted',
  replay: 'replay',
};

const MAX_AUTO_RECONNECTS = 4;

export function CollaborationPage({ id }: { id: string }) {
  const { client, caller } = useSession();
  const [state, dispatch] = useReducer(reduceLiveCollaboration, initialLiveCollaboration);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [attempt, setAttempt] = useState(0);
  const [loadError, setLoadError] = useState<Error>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState<string | null>(null);
  const [forking, setForking] = useState(false);
  const reconnects = useRef(0);
  const replay = useReplay(client, id);

  // Read inside the stream effect without making it a dependency: a reconnect resumes after the last event held.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  // The record over HTTP at once; the stream replays the events from the start (the timeline and conversation list
  // them) and then follows live. The shown state is that record plus only the events after its `sequence`, so the
  // replay never walks it back through older statuses (see liveCollaboration.ts).
  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    setConnection('connecting');

    const refresh = async (): Promise<CollaborationView | null> => {
      try {
        const view = await client.getCollaboration(id, controller.signal);
        dispatch({ type: 'loaded', view });
        setLoadError(undefined);
        return view;
      } catch (error) {
        if (!controller.signal.aborted) setLoadError(error instanceof Error ? error : new Error(String(error)));
        return null;
      }
    };
    void refresh();

    const stop = openCollaborationStream(client.collaborationStreamUrl(id, window.location.origin, resumeAfter(latest.current)), {
      onOpen: () => setConnection('live'),
      onEvent: (event) => dispatch({ type: 'event', event }),
      onClose: (finished) => {
        // Either way, ask /status what is true now: after `finished` it has the final result.
        void refresh().then((view) => {
          if (controller.signal.aborted) return;
          if (finished || (view && isCollaborationFinished(view.status))) {
            setConnection('ended');
            return;
          }
          setConnection('lost');
          if (view && reconnects.current < MAX_AUTO_RECONNECTS) {
            reconnects.current += 1;
            retry = setTimeout(() => setAttempt((value) => value + 1), 1000 * reconnects.current);
          }
        });
      },
    });

    return () => {
      controller.abort();
      if (retry !== undefined) clearTimeout(retry);
      stop();
    };
  }, [client, id, attempt]);

  // Replay shows the first `position` events of the log folded the same way as live; live shows everything so far.
  const replaying = replay.phase === 'ready' && state.base !== null;
  const replayEvents = useMemo(() => replay.events.slice(0, replay.state.position), [replay.events, replay.state.position]);
  const events = replaying ? replayEvents : state.events;
  const view = useMemo(() => (replaying && state.base ? replayView(state.base, replayEvents) : state.view), [replaying, state.base, state.view, replayEvents]);
  const clock = replaying ? (replay.recordedNow ?? 0) : 'live';
  const running = view !== null && !isCollaborationFinished(view.status);
  const operator = canOperate(caller.role) && !replaying;

  const act = useCallback(
    async (key: string, run: () => Promise<CollaborationView>) => {
      setBusy(key);
      setActionError(undefined);
      try {
        dispatch({ type: 'loaded', view: await run() });
      } catch (error) {
        setActionError(messageOf(error));
      } finally {
        setBusy(null);
      }
    },
    [],
  );

  // A re-execution is a new collaboration: open it, where its origin links back here.
  const reExecute = useCallback(async () => {
    setBusy('re-execute');
    setActionError(undefined);
    try {
      const replayed = await client.replayCollaboration(id);
      navigate(`/collaborations/${encodeURIComponent(replayed.id)}`);
    } catch (error) {
      setActionError(messageOf(error));
      setBusy(null);
    }
  }, [client, id]);
  const closeFork = useCallback(() => setForking(false), []);

  const breadcrumb = <Link href="/collaborations">Collaborations</Link>;
  if (loadError instanceof ApiError && loadError.status === 404) {
    return (
      <>
        <PageHeader breadcrumb={breadcrumb} title={<span className="mono">{id}</span>} />
        <ErrorBanner message={loadError.message} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        breadcrumb={breadcrumb}
        title={
          <span className="title-with-badge">
            <span className="collaboration-title">{view ? view.title || view.id : 'Collaboration'}</span>
            {view && <StatusBadge status={view.status} testId="collaboration-status" />}
          </span>
        }
        subtitle={<span className="mono small">{id}</span>}
        actions={
          view && (
            <>
              {replay.phase === 'off' && (
                <button type="button" className="button" onClick={replay.start} data-testid="replay-start" title="Play the recorded events back, at a chosen speed">
                  Play back
                </button>
              )}
              {operator && canReExecute(view.status) && (
                <>
                  <button
                    type="button"
                    className="button"
                    onClick={() => void reExecute()}
                    disabled={busy !== null}
                    title="Runs it again from its recording; no agent or model is called"
                    data-testid="collaboration-re-execute"
                  >
                    {busy === 're-execute' ? 'Re-executing…' : 'Re-execute'}
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => setForking(true)}
                    disabled={busy !== null}
                    title="Runs one subtask and what depends on it again, with another agent or input; the rest comes from the recording"
                    data-testid="collaboration-fork"
                  >
                    Fork…
                  </button>
                </>
              )}
              {running && operator && (
                <button
                  type="button"
                  className="button button-danger-outline"
                  onClick={() => void act('cancel', () => client.cancelCollaboration(id))}
                  disabled={busy !== null}
                  data-testid="collaboration-cancel"
                >
                  {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
                </button>
              )}
            </>
          )
        }
      />
      {view?.origin && <OriginLine id={id} origin={view.origin} />}
      <ErrorBanner message={actionError} testId="collaboration-action-error" />
      {forking && view && <ForkDialog view={view} events={state.events} onClose={closeFork} />}
      {loadError && <ErrorBanner message={loadError.message} />}
      {replay.phase === 'loading' && <Loading label="Reading the recorded events…" />}
      <ErrorBanner message={replay.phase === 'error' ? `Cannot replay: ${replay.error ?? 'the events could not be read.'}` : undefined} onRetry={replay.start} testId="replay-error" />
      {replaying && <ReplayBar replay={replay} />}

      {!view ? (
        !loadError && <Loading />
      ) : (
        <>
          <Summary view={view} connection={replaying ? 'replay' : connection} onReconnect={() => {
            reconnects.current = 0;
            setAttempt((value) => value + 1);
          }} />

          <section className="card" aria-label="Dependency graph">
            <div className="card-header">
              <h2>Plan</h2>
              <span className="muted small">
                {view.subtasks.length} subtask{view.subtasks.length === 1 ? '' : 's'}
              </span>
            </div>
            <DependencyGraph subtasks={view.subtasks} onSelect={(subtask) => document.getElementById(`subtask-${subtask}`)?.scrollIntoView({ block: 'center' })} />
            {view.planNotes.length > 0 && (
              <ul className="plan-notes">
                {view.planNotes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </section>

          <SubtaskTable
            subtasks={view.subtasks}
            operator={operator && running}
            busy={busy}
            onDecide={(subtask, decision) => {
              // An escalated vote needs the approver to name the winner; an ordinary gate asks only why it is rejected.
              const escalated = escalationReason(events, subtask);
              const comment =
                decision === 'reject'
                  ? window.prompt(`Why reject ${subtask}? (optional)`)
                  : escalated !== null
                    ? window.prompt(escalationQuestion(subtask, escalated))
                    : null;
              if ((decision === 'reject' || escalated !== null) && comment === null) return;
              void act(`${decision}:${subtask}`, () => client.decideSubtask(id, subtask, decision, comment ?? undefined));
            }}
          />

          <AgentTimeline events={events} clock={clock} />
          <ConversationView events={events} />

          {!running && (
            <section className="card" aria-label="Result">
              <h2>Result</h2>
              {view.error && (
                <div className="banner banner-error" data-testid="collaboration-error">
                  <p>{view.error}</p>
                </div>
              )}
              <pre className="json-block" data-testid="collaboration-result">
                {view.result === null || view.result === undefined ? 'No result.' : JSON.stringify(view.result, null, 2)}
              </pre>
            </section>
          )}

          <Timeline events={events} />
        </>
      )}
    </>
  );
}

function OriginLine({ id, origin }: { id: string; origin: NonNullable<CollaborationView['origin']> }) {
  const { prefix, suffix } = describeOrigin(origin);
  return (
    <div className="origin-line" data-testid="collaboration-origin" data-kind={origin.kind}>
      <span className={`origin-kind origin-kind-${origin.kind}`}>{origin.kind}</span>
      <span className="origin-text">
        {prefix}{' '}
        <Link href={`/collaborations/${encodeURIComponent(origin.collaborationId)}`} className="mono" data-testid="collaboration-origin-link">
          {origin.collaborationId}
        </Link>
        {suffix && ` ${suffix}`}
        {origin.kind === 'replay' && <span className="muted"> · from its recording, no agent or model called</span>}
      </span>
      <Link href={diffHref(origin.collaborationId, id)} className="button button-small origin-compare" data-testid="collaboration-compare">
        Compare with original
      </Link>
    </div>
  );
}

function Summary({ view, connection, onReconnect }: { view: CollaborationView; connection: Connection | 'replay'; onReconnect: () => void }) {
  const { progress, usage } = view;
  return (
    <section className="card facts" aria-label="Collaboration">
      <div className="progress-row">
        <div
          className={`progress progress-${view.status}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress.percent}
          data-testid="collaboration-progress"
        >
          <span style={{ width: `${Math.min(100, Math.max(0, progress.percent))}%` }} />
        </div>
        <span className="progress-text" data-testid="collaboration-percent">
          {progress.percent}%
          {progress.etaSeconds !== null && progress.etaSeconds >= 1 && view.status === 'running' && (
            <span className="muted" data-testid="collaboration-eta"> · about {formatDuration(progress.etaSeconds * 1000)} left</span>
          )}
        </span>
      </div>
      <div className="progress-counts small">
        <span>{progress.succeeded} succeeded</span>
        {progress.running > 0 && <span>{progress.running} running</span>}
        {progress.awaitingApproval > 0 && <span className="text-amber">{progress.awaitingApproval} awaiting approval</span>}
        {progress.pending > 0 && <span>{progress.pending} pending</span>}
        {progress.failed > 0 && <span className="text-red">{progress.failed} failed</span>}
        {progress.skipped > 0 && <span>{progress.skipped} skipped</span>}
        {progress.cancelled > 0 && <span>{progress.cancelled} cancelled</span>}
        <span className={`connection connection-${connection}`} data-testid="collaboration-connection" data-connection={connection}>
          <span className="badge-dot" aria-hidden="true" />
          {connectionLabels[connection]}
        </span>
        {connection === 'lost' && (
          <button type="button" className="button button-small" onClick={onReconnect}>
            Reconnect
          </button>
        )}
      </div>
      <dl className="facts-grid">
        <div>
          <dt>Submitted by</dt>
          <dd>{view.submittedBy}</dd>
        </div>
        <div>
          <dt>Planner</dt>
          <dd data-testid="collaboration-planner">{view.planner ?? '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTimestamp(view.createdAt)}</dd>
        </div>
        <div>
          <dt>{view.finishedAt ? 'Took' : 'Elapsed'}</dt>
          <dd>{view.finishedAt ? formatDuration(Date.parse(view.finishedAt) - Date.parse(view.createdAt)) : formatDuration(usage.elapsedSeconds * 1000)}</dd>
        </div>
        <div>
          <dt>Subtask runs</dt>
          <dd>{usage.subtaskRuns}</dd>
        </div>
        <div>
          <dt>Tokens · cost</dt>
          <dd>
            {usage.tokens.toLocaleString()} · {usage.cost.toLocaleString(undefined, { maximumFractionDigits: 4 })}
          </dd>
        </div>
      </dl>
      {view.description && <p className="muted small collaboration-description">{view.description}</p>}
    </section>
  );
}

interface SubtaskTableProps {
  subtasks: SubtaskView[];
  operator: boolean;
  busy: string | null;
  onDecide: (subtask: string, decision: 'approve' | 'reject') => void;
}

function SubtaskTable({ subtasks, operator, busy, onDecide }: SubtaskTableProps) {
  return (
    <section className="card card-flush" aria-label="Subtasks">
      <table className="table responsive" data-testid="subtasks-table">
        <thead>
          <tr>
            <th scope="col">Subtask</th>
            <th scope="col">Status</th>
            <th scope="col">Agent</th>
            <th scope="col" className="num">Attempts</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {subtasks.map((subtask) => (
            <tr key={subtask.id} id={`subtask-${subtask.id}`} data-testid={`subtask-row-${subtask.id}`}>
              <td data-label="Subtask">
                <span className="mono">{subtask.id}</span>
                {subtask.title && <div className="muted small">{subtask.title}</div>}
              </td>
              <td data-label="Status">
                <div className="subtask-status">
                  <StatusBadge status={subtask.status} testId={`subtask-status-${subtask.id}`} />
                  {subtask.status === 'awaiting-approval' && operator && (
                    <span className="decision">
                      <button
                        type="button"
                        className="button button-small button-primary"
                        disabled={busy !== null}
                        onClick={() => onDecide(subtask.id, 'approve')}
                        data-testid={`subtask-approve-${subtask.id}`}
                      >
                        {busy === `approve:${subtask.id}` ? 'Approving…' : 'Approve'}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        disabled={busy !== null}
                        onClick={() => onDecide(subtask.id, 'reject')}
                        data-testid={`subtask-reject-${subtask.id}`}
                      >
                        Reject
                      </button>
                    </span>
                  )}
                </div>
              </td>
              <td data-label="Agent" className="nowrap">
                {subtask.agent ? <Link href={`/agents/${encodeURIComponent(subtask.agent)}`}>{subtask.agent}</Link> : <span className="muted">—</span>}
              </td>
              <td data-label="Attempts" className="num">
                {subtask.attempts}
              </td>
              <td data-label="Duration" className="num nowrap">
                {formatDuration(subtask.durationMs)}
              </td>
              <td data-label="Error" className="cell-error">
                {subtask.error ? <span className={subtask.status === 'failed' ? 'text-red' : 'muted'}>{subtask.error}</span> : <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Timeline({ events }: { events: CollaborationEvent[] }) {
  const ref = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [events]);
  return (
    <section className="card" aria-label="Events">
      <div className="card-header">
        <h2>Events</h2>
        <span className="muted small">{events.length}</span>
      </div>
      {events.length === 0 ? (
        <div className="muted small">No events yet.</div>
      ) : (
        <ol
          className="timeline"
          ref={ref}
          data-testid="collaboration-events"
          onScroll={(event) => {
            const element = event.currentTarget;
            stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          }}
        >
          {events.map((event) => (
            <li key={event.sequence} className={`timeline-item timeline-${event.type}`} data-type={event.type}>
              <span className="timeline-time mono small">{new Date(event.at).toLocaleTimeString()}</span>
              <span className="timeline-type">{event.type}</span>
              {event.subtask && <span className="mono timeline-subtask">{event.subtask}</span>}
              <span className="muted small timeline-detail">{detailOf(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function detailOf(event: CollaborationEvent): string {
  const data = event.data ?? {};
  const parts: string[] = [];
  for (const key of ['agent', 'status', 'error', 'reason', 'by', 'comment']) {
    const value = data[key];
    if (typeof value === 'string' && value) parts.push(key === 'agent' || key === 'status' ? value : `${key}: ${value}`);
  }
  if (event.type === 'subtask-failed' && typeof data.final === 'boolean') parts.push(data.final ? 'final' : 'will retry');
  if (event.type === 'message') {
    const { performative, sender, receiver } = data;
    if (typeof performative === 'string' && typeof sender === 'string' && typeof receiver === 'string') parts.push(`${performative} ${sender} → ${receiver}`);
  }
  return parts.join(' · ');
}
