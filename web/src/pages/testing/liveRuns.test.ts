import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRunsStreamMessage, TestingClient, type RunsStreamMessage } from '../../api/testingClient';
import { ApiClient } from '../../api/client';
import type { TestRunView } from '../../api/testingTypes';
import { reconnectDelay, RETRY_REFUSED_MS } from '../../api/followSocket';
import { FakeSocket } from '../../testing/FakeSocket';
import {
  appendOlderPage,
  applyRunsMessage,
  EMPTY_RUNS,
  followRunsStream,
  isCancelling,
  type RunsListState,
  type RunsStreamStatus,
} from './liveRuns';

const run = (id: string, status: TestRunView['status'], passed = 0): TestRunView => ({
  id,
  repository: 'shop',
  project: null,
  framework: 'pytest',
  tests: [],
  retries: 0,
  timeoutSeconds: null,
  trigger: 'api',
  requestedBy: 'admin',
  commitSha: null,
  branch: null,
  status,
  createdAt: '2026-11-25T10:00:00Z',
  startedAt: status === 'queued' ? null : '2026-11-25T10:00:01Z',
  finishedAt: null,
  totals: { total: passed, passed, failed: 0, errored: 0, skipped: 0, flaky: 0, suiteErrors: 0, duration: '00:00:00' },
  error: null,
});

const page = (items: TestRunView[], next: string | null = null): RunsStreamMessage => ({ type: 'runs', page: { items, next } });
const change = (r: TestRunView, type = 'progress'): RunsStreamMessage => ({ type: 'run', change: type, run: r });
const fold = (messages: RunsStreamMessage[], status?: TestRunView['status'], from: RunsListState = EMPTY_RUNS) =>
  messages.reduce((state, message) => applyRunsMessage(state, message, status), from);
const ids = (state: RunsListState) => state.items.map((r) => `${r.id}:${r.status}:${r.totals.passed}`);

describe('applyRunsMessage', () => {
  it('NewRun_AppearsOnTop_GoesRunningCountsAndFinishesInPlace', () => {
    const state = fold([
      page([run('trun_2', 'passed', 3), run('trun_1', 'failed', 1)], 'trun_1'),
      change(run('trun_3', 'queued'), 'created'),
      change(run('trun_3', 'running'), 'started'),
      change(run('trun_3', 'running', 2)),
      change(run('trun_3', 'passed', 4), 'finished'),
    ]);
    expect(ids(state)).toEqual(['trun_3:passed:4', 'trun_2:passed:3', 'trun_1:failed:1']);
    expect(state.next).toBe('trun_1');
  });

  it('CancelRequested_MarksTheRowCancellingAtOnce_UntilItIsRecordedCancelled', () => {
    const asked = { ...run('trun_2', 'running', 1), cancelRequestedBy: 'alice', cancelRequestedAt: '2026-11-25T10:00:05Z' };
    const requested = fold([page([run('trun_2', 'running', 1)]), change(asked, 'cancel-requested')]);
    expect(requested.items[0]).toMatchObject({ status: 'running', cancelRequestedBy: 'alice' });
    expect(isCancelling(requested.items[0]!)).toBe(true);
    // A change read before the request (no cancelRequestedBy) does not take it back.
    const stale = fold([change(run('trun_2', 'running', 2))], undefined, requested);
    expect(stale.items[0]).toMatchObject({ totals: { passed: 2 }, cancelRequestedBy: 'alice', cancelRequestedAt: '2026-11-25T10:00:05Z' });
    expect(isCancelling(stale.items[0]!)).toBe(true);
    const cancelled = fold([change(run('trun_2', 'cancelled', 2), 'cancelled')], undefined, stale);
    expect(cancelled.items[0]!.status).toBe('cancelled');
    expect(isCancelling(cancelled.items[0]!)).toBe(false);
    expect(parseRunsStreamMessage(JSON.stringify({ type: 'cancel-requested', at: '2026-11-25T10:00:05Z', data: asked }))).toEqual(change(asked, 'cancel-requested'));
  });

  it('StaleChangeAfterTheRunFinished_IsIgnored', () => {
    // A progress change sent before the page was read can arrive after a page that already shows the run finished.
    const state = fold([page([run('trun_1', 'passed', 4)]), change(run('trun_1', 'running', 2))]);
    expect(ids(state)).toEqual(['trun_1:passed:4']);
  });

  it('StatusFilter_AddsRunsThatEnterItAndDropsRunsThatLeaveIt', () => {
    const state = fold(
      [page([]), change(run('trun_1', 'queued'), 'created'), change(run('trun_1', 'running'), 'started'), change(run('trun_2', 'running'), 'started')],
      'running',
    );
    expect(ids(state)).toEqual(['trun_2:running:0', 'trun_1:running:0']);
    expect(ids(applyRunsMessage(state, change(run('trun_1', 'passed', 2), 'finished'), 'running'))).toEqual(['trun_2:running:0']);
  });

  it('Deleted_RemovesTheRow_AndAnUnknownIdChangesNothing', () => {
    const state = fold([page([run('trun_2', 'passed'), run('trun_1', 'passed')])]);
    expect(ids(applyRunsMessage(state, { type: 'deleted', id: 'trun_1' }, undefined))).toEqual(['trun_2:passed:0']);
    expect(applyRunsMessage(state, { type: 'deleted', id: 'trun_9' }, undefined)).toBe(state);
  });

  it('ReconnectionPage_ReplacesTheFirstPage_AndKeepsOlderPagesAndTheirCursor', () => {
    let state = fold([page([run('trun_4', 'running'), run('trun_3', 'passed')], 'trun_3')]);
    state = appendOlderPage(state, { items: [run('trun_3', 'passed'), run('trun_2', 'passed'), run('trun_1', 'passed')], next: null });
    expect(ids(state)).toEqual(['trun_4:running:0', 'trun_3:passed:0', 'trun_2:passed:0', 'trun_1:passed:0']);
    state = applyRunsMessage(state, page([run('trun_5', 'queued'), run('trun_4', 'failed')], 'trun_4'), undefined);
    expect(ids(state)).toEqual(['trun_5:queued:0', 'trun_4:failed:0', 'trun_3:passed:0', 'trun_2:passed:0', 'trun_1:passed:0']);
    expect(state.next).toBeNull();
  });

  it('ChangeOfARunOlderThanEveryRowShown_WaitsForLoadMore', () => {
    const state = fold([page([run('trun_5', 'passed')], 'trun_5'), change(run('trun_2', 'passed'), 'finished')]);
    expect(ids(state)).toEqual(['trun_5:passed:0']);
  });
});

describe('parseRunsStreamMessage', () => {
  it('ReadsThePageChangesAndDeletions_AndSkipsWhatItDoesNotKnow', () => {
    const first = JSON.stringify({ type: 'runs', at: 'x', data: { items: [run('trun_1', 'passed'), { id: 1 }], next: null } });
    expect(parseRunsStreamMessage(first)).toEqual({ type: 'runs', page: { items: [run('trun_1', 'passed')], next: null } });
    expect(parseRunsStreamMessage(JSON.stringify({ type: 'started', at: 'x', data: run('trun_1', 'running') }))).toEqual(change(run('trun_1', 'running'), 'started'));
    expect(parseRunsStreamMessage(JSON.stringify({ type: 'deleted', at: 'x', data: { id: 'trun_1' } }))).toEqual({ type: 'deleted', id: 'trun_1' });
    expect(parseRunsStreamMessage(JSON.stringify({ type: 'renamed', at: 'x', data: run('trun_1', 'running') }))).toBeNull();
    expect(parseRunsStreamMessage('not json')).toBeNull();
  });

  it('runsStreamUrl_SendsTheFiltersAndTheKey', () => {
    const client = new TestingClient(new ApiClient({ apiKey: 'lk_key' }));
    expect(client.runsStreamUrl({ repository: 'shop', framework: undefined, status: 'running', limit: 25 }, 'https://l.example')).toBe(
      'wss://l.example/api/v2/testing/runs/ws?repository=shop&status=running&limit=25&access_token=lk_key',
    );
  });
});

describe('reconnectDelay', () => {
  it('DoublesFromOneSecondUpToThirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('followRunsStream', () => {
  let sockets: FakeSocket[];
  let statuses: RunsStreamStatus[];
  let messages: RunsStreamMessage[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    statuses = [];
    messages = [];
    stop = followRunsStream('ws://l.test/api/v2/testing/runs/ws', { onStatus: (s) => statuses.push(s), onMessage: (m) => messages.push(m) }, () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    });
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('Open_IsLive_AndDeliversThePageAndChanges', () => {
    sockets[0]?.open();
    sockets[0]?.receive({ type: 'runs', at: 'x', data: { items: [], next: null } });
    sockets[0]?.receive({ type: 'started', at: 'x', data: run('trun_1', 'running') });
    expect(statuses).toEqual(['connecting', 'live']);
    expect(messages).toEqual([page([]), change(run('trun_1', 'running'), 'started')]);
  });

  it('Drops_ReopenWithGrowingDelaysWhileTriesFail_AndAnOpenSocketStartsOver', () => {
    sockets[0]?.open();
    sockets[0]?.drop();
    expect(statuses.at(-1)).toBe('connecting');
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // The server is restarting: the tries fail, 2 s then 4 s apart, and the list never falls back to polling.
    sockets[1]?.drop();
    vi.advanceTimersByTime(1999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    sockets[2]?.drop();
    vi.advanceTimersByTime(4000);
    expect(sockets).toHaveLength(4);
    expect(statuses).not.toContain('polling');
    sockets[3]?.open();
    sockets[3]?.drop();
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(5);
  });

  it('Refused_MeansPollingUntilASocketOpens_TriedAgainEvery15s', () => {
    sockets[0]?.drop();
    expect(statuses).toEqual(['connecting', 'polling']);
    vi.advanceTimersByTime(RETRY_REFUSED_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // A retry while polling does not claim "connecting": the page keeps polling until it is live.
    expect(statuses).toEqual(['connecting', 'polling']);
    sockets[1]?.open();
    expect(statuses).toEqual(['connecting', 'polling', 'live']);
  });

  it('Stop_ClosesTheSocketAndCancelsTheRetry', () => {
    sockets[0]?.open();
    sockets[0]?.drop();
    stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    stop = () => undefined;
  });
});
