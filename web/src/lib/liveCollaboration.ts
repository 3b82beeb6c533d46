import {
  isCollaborationFinished,
  type CollaborationEvent,
  type CollaborationStatus,
  type CollaborationView,
  type SubtaskStatus,
  type SubtaskView,
} from '../api/types';

/**
 * What the collaboration page shows. `base` is the newest /status read (by its `sequence`, the last event it
 * includes); `events` every stream event so far, in sequence order without repeats (the timeline and conversation
 * show them all); `view` is what to render: `base` with only the events after its sequence applied on top.
 *
 * The stream replays the log from the start before it follows live. Folding that replay would walk the page back
 * through every older status (a subtask the list shows awaiting approval flashing "pending"); applying only the
 * events the snapshot does not include means the view never shows a state older than one it has shown.
 */
export interface LiveCollaborationState {
  base: CollaborationView | null;
  events: CollaborationEvent[];
  view: CollaborationView | null;
}

export type LiveCollaborationMessage =
  /** The collaboration read over HTTP (page load, after an approval or cancel, after the stream ended). */
  | { type: 'loaded'; view: CollaborationView }
  /** One event from the WebSocket (a reconnect may repeat some; repeats are dropped). */
  | { type: 'event'; event: CollaborationEvent };

export const initialLiveCollaboration: LiveCollaborationState = { base: null, events: [], view: null };

export function reduceLiveCollaboration(state: LiveCollaborationState, message: LiveCollaborationMessage): LiveCollaborationState {
  switch (message.type) {
    case 'loaded': {
      // Reads can answer out of order (a slow page-load read after an approval's): keep the one that includes more.
      const base = state.base && isNewerSnapshot(state.base, message.view) ? state.base : message.view;
      return { base, events: state.events, view: deriveView(base, state.events) };
    }
    case 'event': {
      const events = insertEvent(state.events, message.event);
      if (events === state.events) return state;
      const { base } = state;
      // The next event past the snapshot extends the current view; anything else (an older replayed event, one out
      // of order) is derived again from the snapshot, which is cheap and gives the same answer.
      const appended = events.length === state.events.length + 1 && events[events.length - 1] === message.event;
      const view =
        base === null || isCollaborationFinished(base.status) || message.event.sequence <= base.sequence
          ? state.view
          : appended && state.view !== null
            ? applyEvents(state.view, [message.event])
            : deriveView(base, events);
      return { base, events, view };
    }
  }
}

/** Whether `kept` must stay over `read`: it includes later events, or it is finished and `read` is not. */
function isNewerSnapshot(kept: CollaborationView, read: CollaborationView): boolean {
  if (isCollaborationFinished(kept.status) && !isCollaborationFinished(read.status)) return true;
  return kept.sequence > read.sequence;
}

function insertEvent(events: CollaborationEvent[], event: CollaborationEvent): CollaborationEvent[] {
  const last = events[events.length - 1];
  if (last === undefined || event.sequence > last.sequence) return [...events, event];
  if (events.some((e) => e.sequence === event.sequence)) return events;
  return [...events, event].sort((a, b) => a.sequence - b.sequence);
}

/** The sequence a reconnecting stream starts after: the last event held, so nothing is missed or sent twice. */
export function resumeAfter(state: LiveCollaborationState): number {
  return state.events[state.events.length - 1]?.sequence ?? 0;
}

const FINISHED_SUBTASK: ReadonlySet<SubtaskStatus> = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

export function isSubtaskFinished(status: SubtaskStatus): boolean {
  return FINISHED_SUBTASK.has(status);
}

/**
 * The view to render: the /status read with the events after its `sequence` applied. A finished read is the final
 * word; events up to its sequence are already in it, so a replay that has not caught up yet changes nothing.
 */
export function deriveView(base: CollaborationView | null, events: CollaborationEvent[]): CollaborationView | null {
  if (base === null) return null;
  if (isCollaborationFinished(base.status)) return base;
  const newer = events.filter((e) => e.sequence > base.sequence);
  return newer.length === 0 ? base : applyEvents(base, newer);
}

/** Folds events, oldest first, over the plan of `base` with every subtask back at its start (replay). Pure. */
export function foldEvents(base: CollaborationView, events: CollaborationEvent[]): CollaborationView {
  const start: CollaborationView = {
    ...base,
    status: 'running',
    error: null,
    result: null,
    finishedAt: null,
    usage: { ...base.usage, subtaskRuns: 0 },
    subtasks: base.subtasks.map((s) => ({
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
    })),
  };
  const view = applyEvents(start, events);
  return {
    ...view,
    error: view.error ?? base.error,
    result: view.status === 'running' ? base.result : view.result,
    usage: { ...view.usage, subtaskRuns: Math.max(view.usage.subtaskRuns, base.usage.subtaskRuns) },
  };
}

/**
 * Applies events, oldest first, on top of `view` (a snapshot, or the start of the plan), the same way the server
 * folds its log. Pure: `view` is not changed.
 */
export function applyEvents(view: CollaborationView, events: CollaborationEvent[]): CollaborationView {
  // A compensation-only subtask still pending has not been triggered: it never becomes ready on its own.
  const compensationOnly = new Set(view.subtasks.filter((s) => s.compensation === true && s.status === 'pending').map((s) => s.id));
  const subtasks = new Map<string, SubtaskView>(view.subtasks.map((s) => [s.id, { ...s, artifacts: [...s.artifacts] }]));
  let status: CollaborationStatus = view.status;
  let error: string | null = view.error;
  let result: unknown = view.result;
  let finishedAt: string | null = view.finishedAt;
  let runs = view.usage.subtaskRuns;
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

  const list = view.subtasks.map((s) => subtasks.get(s.id) ?? s);
  // Counted as the server counts them: an untriggered compensation is not part of the work.
  const progress = progressOf(list.filter((s) => !compensationOnly.has(s.id)), view.progress.etaSeconds, status);
  return {
    ...view,
    status,
    error,
    result,
    finishedAt,
    subtasks: list,
    progress,
    usage: { ...view.usage, subtaskRuns: runs },
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
