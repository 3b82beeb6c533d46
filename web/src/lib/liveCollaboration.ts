import {
  isCollaborationFinished,
  type CollaborationEvent,
  type CollaborationStatus,
  type CollaborationView,
  type SubtaskStatus,
  type SubtaskView,
} from '../api/types';

/**
 * What the collaboration page shows. `base` is the last /status read; `events` every stream event so far, in
 * sequence order without repeats; `view` is what to render: the events folded over the plan of `base`.
 */
export interface LiveCollaborationState {
  base: CollaborationView | null;
  events: CollaborationEvent[];
  view: CollaborationView | null;
}

export type LiveCollaborationMessage =
  /** The collaboration read over HTTP (page load, after an approval or cancel, after the stream ended). */
  | { type: 'loaded'; view: CollaborationView }
  /** One event from the WebSocket (a reconnect replays from the start; repeats are dropped). */
  | { type: 'event'; event: CollaborationEvent };

export const initialLiveCollaboration: LiveCollaborationState = { base: null, events: [], view: null };

export function reduceLiveCollaboration(state: LiveCollaborationState, message: LiveCollaborationMessage): LiveCollaborationState {
  switch (message.type) {
    case 'loaded': {
      // A finished read is final; a running read must not undo a finish the stream already reported.
      const base = state.base && isCollaborationFinished(state.base.status) && !isCollaborationFinished(message.view.status) ? state.base : message.view;
      return { base, events: state.events, view: deriveView(base, state.events) };
    }
    case 'event': {
      const events = insertEvent(state.events, message.event);
      if (events === state.events) return state;
      return { base: state.base, events, view: deriveView(state.base, events) };
    }
  }
}

function insertEvent(events: CollaborationEvent[], event: CollaborationEvent): CollaborationEvent[] {
  const last = events[events.length - 1];
  if (last === undefined || event.sequence > last.sequence) return [...events, event];
  if (events.some((e) => e.sequence === event.sequence)) return events;
  return [...events, event].sort((a, b) => a.sequence - b.sequence);
}

const FINISHED_SUBTASK: ReadonlySet<SubtaskStatus> = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

export function isSubtaskFinished(status: SubtaskStatus): boolean {
  return FINISHED_SUBTASK.has(status);
}

/**
 * The view to render. A finished /status read is the final word. Otherwise, once the stream has replayed from the
 * start (`submitted` seen), the state is the fold of every event over the plan, the same way the server folds its
 * log; without the start of the log the HTTP read is shown as it is.
 */
export function deriveView(base: CollaborationView | null, events: CollaborationEvent[]): CollaborationView | null {
  if (base === null) return null;
  if (isCollaborationFinished(base.status)) return base;
  if (!events.some((e) => e.type === 'submitted')) return base;
  return foldEvents(base, events);
}

/** Folds events, oldest first, over the plan of `base` with every subtask back at its start. Pure. */
export function foldEvents(base: CollaborationView, events: CollaborationEvent[]): CollaborationView {
  const compensationOnly = new Set(base.subtasks.map((s) => s.compensation).filter((c): c is string => Boolean(c)));
  const subtasks = new Map<string, SubtaskView>(
    base.subtasks.map((s) => [
      s.id,
      {
        ...s,
        status: 'pending',
        agent: null,
        attempts: 0,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        error: null,
        output: null,
        artifacts: [],
      },
    ]),
  );
  let status: CollaborationStatus = 'running';
  let error: string | null = null;
  let result: unknown = null;
  let finishedAt: string | null = null;
  let runs = 0;

  const markReady = () => {
    for (const subtask of subtasks.values()) {
      if (subtask.status !== 'pending' || compensationOnly.has(subtask.id)) continue;
      if (subtask.dependsOn.every((dependency) => subtasks.get(dependency)?.status === 'succeeded')) subtask.status = 'ready';
    }
  };
  const finish = (subtask: SubtaskView, to: SubtaskStatus, at: string) => {
    subtask.status = to;
    subtask.finishedAt = at;
    subtask.durationMs = subtask.startedAt ? Math.max(0, Date.parse(at) - Date.parse(subtask.startedAt)) : null;
  };

  for (const event of events) {
    const subtask = event.subtask === null ? undefined : subtasks.get(event.subtask);
    const data = event.data ?? {};
    switch (event.type) {
      case 'submitted':
      case 'resumed':
        markReady();
        break;
      case 'subtask-awaiting-approval':
        if (subtask) subtask.status = 'awaiting-approval';
        break;
      case 'subtask-approved':
        if (subtask) subtask.status = 'ready';
        break;
      case 'subtask-rejected':
        if (subtask) {
          const comment = text(data.comment);
          subtask.error = `Rejected by ${text(data.by) ?? 'someone'}${comment ? `: ${comment}` : '.'}`;
          finish(subtask, 'failed', event.at);
        }
        break;
      case 'subtask-started':
        if (subtask) {
          subtask.status = 'running';
          subtask.attempts += 1;
          subtask.agent = text(data.agent) ?? subtask.agent;
          subtask.startedAt = event.at;
          subtask.finishedAt = null;
          subtask.durationMs = null;
          subtask.error = null;
          runs += 1;
        }
        break;
      case 'subtask-succeeded':
        if (subtask) {
          subtask.output = data.output ?? null;
          subtask.artifacts = Array.isArray(data.artifacts) ? data.artifacts.map(String) : [];
          finish(subtask, 'succeeded', event.at);
          markReady();
        }
        break;
      case 'subtask-failed':
        if (subtask) {
          subtask.error = text(data.error);
          if ('output' in data) subtask.output = data.output;
          if (data.final === true) finish(subtask, 'failed', event.at);
          else subtask.status = 'retrying';
        }
        break;
      case 'subtask-skipped':
        if (subtask) {
          subtask.error = text(data.reason);
          finish(subtask, 'skipped', event.at);
        }
        break;
      case 'subtask-cancelled':
        if (subtask) finish(subtask, 'cancelled', event.at);
        break;
      case 'compensation-triggered':
        if (subtask) {
          compensationOnly.delete(subtask.id);
          subtask.status = 'ready';
        }
        break;
      case 'finished':
        status = isStatus(data.status) ? data.status : 'failed';
        error = text(data.error);
        result = data.result ?? null;
        finishedAt = event.at;
        for (const left of subtasks.values()) {
          if (isSubtaskFinished(left.status) || compensationOnly.has(left.id)) continue;
          left.status = left.status === 'running' ? 'cancelled' : 'skipped';
          left.finishedAt ??= event.at;
        }
        break;
      case 'cancel-requested':
      case 'budget-exhausted':
        break;
    }
  }

  const list = base.subtasks.map((s) => subtasks.get(s.id) ?? s);
  const progress = progressOf(list, base.progress.etaSeconds, status);
  return {
    ...base,
    status,
    error: error ?? base.error,
    result: status === 'running' ? base.result : result,
    finishedAt,
    subtasks: list,
    progress,
    usage: { ...base.usage, subtaskRuns: Math.max(runs, base.usage.subtaskRuns) },
  };
}

/** The progress counters of a list of subtasks, as the server computes them. */
export function progressOf(subtasks: SubtaskView[], etaSeconds: number | null, status: CollaborationStatus): CollaborationView['progress'] {
  const count = (...statuses: SubtaskStatus[]) => subtasks.filter((s) => statuses.includes(s.status)).length;
  const total = subtasks.length;
  const done = count('succeeded', 'failed', 'skipped', 'cancelled');
  return {
    total,
    pending: count('pending', 'ready', 'retrying'),
    running: count('running'),
    awaitingApproval: count('awaiting-approval'),
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    percent: total === 0 ? (status === 'running' ? 0 : 100) : Math.round((100 * done) / total),
    etaSeconds: status === 'running' ? etaSeconds : null,
  };
}

const STATUSES: readonly string[] = ['running', 'succeeded', 'failed', 'cancelled', 'budget-exhausted'];
const isStatus = (value: unknown): value is CollaborationStatus => typeof value === 'string' && STATUSES.includes(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * What a replay shows after the first `events` of the log: the same fold as the live page, over the plan of `base`
 * (the /status read), with the elapsed time as it was at the last of them.
 */
export function replayView(base: CollaborationView, events: CollaborationEvent[]): CollaborationView {
  const view = foldEvents(base, events);
  const last = events[events.length - 1];
  const elapsedMs = last ? Math.max(0, Date.parse(last.at) - Date.parse(base.createdAt)) : 0;
  return {
    ...view,
    progress: { ...view.progress, etaSeconds: null },
    usage: { ...view.usage, elapsedSeconds: Number.isFinite(elapsedMs) ? elapsedMs / 1000 : 0, subtaskRuns: events.filter((e) => e.type === 'subtask-started').length },
  };
}
