import { followSocket, type FollowStatus } from '../../api/followSocket';
import type { SocketFactory } from '../../api/socketStream';
import { parseRunsStreamMessage, type RunsStreamMessage } from '../../api/testingClient';
import type { TestRunStatus, TestRunView } from '../../api/testingTypes';
import { mergeFirstPage } from '../../app/pagedHistory';
import { isRunFinished } from './testingText';

/** The runs list as the page shows it: newest first, plus the cursor of the next older page. */
export interface RunsListState {
  items: TestRunView[];
  next: string | null;
  /** Once "load more" has run, the cursor belongs to the last page shown, not to a fresh first page. */
  morePagesShown: boolean;
}

export const EMPTY_RUNS: RunsListState = { items: [], next: null, morePagesShown: false };

/**
 * Folds one message of `/runs/ws` into the list. The first page (again after each reconnection) replaces the rows it
 * covers and keeps older ones already shown; a run's change updates its row in place, or adds it in id order (ids are
 * time-ordered) when it is new; a run that leaves the status filter, or is deleted, goes. A finished row never goes
 * back to queued or running: a change sent before the page was read may arrive after it.
 */
export function applyRunsMessage(state: RunsListState, message: RunsStreamMessage, status: TestRunStatus | undefined): RunsListState {
  switch (message.type) {
    case 'runs':
      return {
        ...state,
        items: mergeFirstPage(state.items, message.page.items),
        next: state.morePagesShown ? state.next : message.page.next,
      };
    case 'deleted':
      return state.items.some((run) => run.id === message.id) ? { ...state, items: state.items.filter((run) => run.id !== message.id) } : state;
    case 'run':
      return { ...state, items: upsert(state.items, message.run, status) };
  }
}

/** Appends an older page fetched with the cursor; rows already shown (moved by live changes) are not repeated. */
export function appendOlderPage(state: RunsListState, page: { items: TestRunView[]; next: string | null }): RunsListState {
  const shown = new Set(state.items.map((run) => run.id));
  return { items: [...state.items, ...page.items.filter((run) => !shown.has(run.id))], next: page.next, morePagesShown: true };
}

/** A run someone asked to cancel that has not stopped yet (`cancel-requested` came, `cancelled` not yet): the row says "cancelling". */
export function isCancelling(run: TestRunView): boolean {
  return !isRunFinished(run.status) && Boolean(run.cancelRequestedBy);
}

function upsert(items: TestRunView[], run: TestRunView, status: TestRunStatus | undefined): TestRunView[] {
  const index = items.findIndex((item) => item.id === run.id);
  const wanted = status === undefined || run.status === status;
  if (index >= 0) {
    const current = items[index]!;
    if (isRunFinished(current.status) && !isRunFinished(run.status)) return items;
    if (!wanted) return items.filter((item) => item.id !== run.id);
    const copy = items.slice();
    // A cancel request is never taken back: a change without it (read before it) keeps the row cancelling.
    copy[index] = isCancelling(current) && !isRunFinished(run.status) && !run.cancelRequestedBy
      ? { ...run, cancelRequestedBy: current.cancelRequestedBy ?? null, cancelRequestedAt: current.cancelRequestedAt ?? null }
      : run;
    return copy;
  }
  if (!wanted) return items;
  // A run older than every row shown belongs to a page not loaded yet: "load more" brings it.
  const oldest = items[items.length - 1];
  if (oldest !== undefined && run.id < oldest.id) return items;
  const at = items.findIndex((item) => item.id < run.id);
  return at < 0 ? [...items, run] : [...items.slice(0, at), run, ...items.slice(at)];
}

export type RunsStreamStatus = FollowStatus;

export interface RunsStreamHandlers {
  onStatus: (status: RunsStreamStatus) => void;
  /** Each message; every (re)opened socket starts with the `runs` page, so nothing needs reading after a drop. */
  onMessage: (message: RunsStreamMessage) => void;
}

/** Follows `/runs/ws` until stopped, reconnecting as `followSocket` does. Returns the function that stops following. */
export function followRunsStream(
  url: string,
  handlers: RunsStreamHandlers,
  createSocket?: SocketFactory,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
): () => void {
  return followSocket(url, parseRunsStreamMessage, handlers, createSocket, timers);
}
