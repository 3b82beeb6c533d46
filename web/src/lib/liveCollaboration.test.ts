import { beforeEach, describe, expect, it } from 'vitest';
import type { CollaborationEvent } from '../api/types';
import { ev, resetSequence, sampleCollaboration, sampleSubtask } from '../testing/collaborationSamples';
import {
  applyEvents,
  deriveView,
  foldEvents,
  initialLiveCollaboration,
  reduceLiveCollaboration,
  replayView,
  resumeAfter,
  type LiveCollaborationState,
} from './liveCollaboration';

const statusOf = (state: LiveCollaborationState, id: string) => state.view?.subtasks.find((s) => s.id === id)?.status;

function run(events: CollaborationEvent[], state: LiveCollaborationState = initialLiveCollaboration): LiveCollaborationState {
  return events.reduce((current, event) => reduceLiveCollaboration(current, { type: 'event', event }), state);
}

describe('reduceLiveCollaboration', () => {
  beforeEach(() => resetSequence());

  it('eventsBeforeTheRecord_AreKept_AndFoldedOnceItLoads', () => {
    const events = [ev('submitted'), ev('subtask-started', 'a', { agent: 'devops-engineer' })];
    let state = run(events);
    expect(state.view).toBeNull();
    expect(state.events).toHaveLength(2);
    state = reduceLiveCollaboration(state, { type: 'loaded', view: sampleCollaboration() });
    expect(statusOf(state, 'a')).toBe('running');
    expect(state.view?.subtasks[0]?.agent).toBe('devops-engineer');
    expect(state.view?.subtasks[0]?.attempts).toBe(1);
    expect(statusOf(state, 'c')).toBe('ready');
    expect(statusOf(state, 'b')).toBe('pending');
  });

  it('success_MakesDependentsReady_AndCountsProgress', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([ev('submitted'), ev('subtask-started', 'a', { agent: 'x' }), ev('subtask-succeeded', 'a', { output: { greeting: 'hello' } })], state);
    const a = state.view?.subtasks.find((s) => s.id === 'a');
    expect(a?.status).toBe('succeeded');
    expect(a?.output).toEqual({ greeting: 'hello' });
    expect(a?.durationMs).toBe(1000);
    expect(statusOf(state, 'b')).toBe('ready');
    expect(state.view?.progress).toMatchObject({ total: 4, succeeded: 1, percent: 25 });
  });

  it('approvalGate_AwaitsThenRunsAfterApproval', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([ev('submitted'), ev('subtask-started', 'c'), ev('subtask-succeeded', 'c'), ev('subtask-awaiting-approval', 'd')], state);
    expect(statusOf(state, 'd')).toBe('awaiting-approval');
    expect(state.view?.progress.awaitingApproval).toBe(1);
    state = run([ev('subtask-approved', 'd', { by: 'admin' })], state);
    expect(statusOf(state, 'd')).toBe('ready');
  });

  it('rejection_FailsTheSubtaskWithTheComment', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([ev('submitted'), ev('subtask-awaiting-approval', 'd'), ev('subtask-rejected', 'd', { by: 'ops', comment: 'not today' })], state);
    const d = state.view?.subtasks.find((s) => s.id === 'd');
    expect(d?.status).toBe('failed');
    expect(d?.error).toBe('Rejected by ops: not today');
  });

  it('nonFinalFailure_Retries_FinalFailureFails', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([ev('submitted'), ev('subtask-started', 'a'), ev('subtask-failed', 'a', { error: 'boom', final: false })], state);
    expect(statusOf(state, 'a')).toBe('retrying');
    state = run([ev('subtask-started', 'a'), ev('subtask-failed', 'a', { error: 'boom again', final: true })], state);
    const a = state.view?.subtasks.find((s) => s.id === 'a');
    expect(a?.status).toBe('failed');
    expect(a?.attempts).toBe(2);
    expect(a?.error).toBe('boom again');
    expect(state.view?.usage.subtaskRuns).toBe(2);
  });

  it('finished_SetsStatusResult_AndSkipsWhatIsLeft', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([ev('submitted'), ev('subtask-started', 'a'), ev('finished', null, { status: 'cancelled', error: 'Cancelled by admin.' })], state);
    expect(state.view?.status).toBe('cancelled');
    expect(state.view?.error).toBe('Cancelled by admin.');
    expect(statusOf(state, 'a')).toBe('cancelled');
    expect(statusOf(state, 'b')).toBe('skipped');
    expect(state.view?.progress.percent).toBe(100);
    expect(state.view?.progress.etaSeconds).toBeNull();
  });

  it('repeatedEvents_AfterReconnect_AreDropped', () => {
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    const events = [ev('submitted'), ev('subtask-started', 'a')];
    state = run(events, state);
    const again = run(events, state);
    expect(again).toBe(state);
    expect(again.view?.subtasks[0]?.attempts).toBe(1);
  });

  it('outOfOrderEvents_AreSortedBySequence', () => {
    const [submitted, started, succeeded] = [ev('submitted'), ev('subtask-started', 'a'), ev('subtask-succeeded', 'a')];
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: sampleCollaboration() });
    state = run([submitted!, succeeded!, started!], state);
    expect(state.events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(statusOf(state, 'a')).toBe('succeeded');
  });

  it('finishedRecord_IsFinal_AndNotUndoneByAnOlderRunningRead', () => {
    const done = sampleCollaboration({ status: 'succeeded', result: { ok: true } });
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: done });
    state = run([ev('submitted')], state);
    expect(state.view).toBe(done);
    state = reduceLiveCollaboration(state, { type: 'loaded', view: sampleCollaboration() });
    expect(state.view?.status).toBe('succeeded');
  });

  it('withoutTheStartOfTheLog_TheRecordIsShownAsItIs', () => {
    const base = sampleCollaboration();
    expect(deriveView(base, [])).toBe(base);
    expect(deriveView(null, [ev('submitted')])).toBeNull();
  });

  it('foldEvents_DoesNotChangeItsInputs', () => {
    const base = sampleCollaboration();
    const snapshot = JSON.stringify(base);
    foldEvents(base, [ev('submitted'), ev('subtask-started', 'a'), ev('subtask-succeeded', 'a')]);
    expect(JSON.stringify(base)).toBe(snapshot);
  });

  it('compensationSubtask_StaysPendingUntilTriggered', () => {
    const base = sampleCollaboration({ subtasks: [sampleSubtask({ id: 'a' }), sampleSubtask({ id: 'undo', compensation: true })] });
    let view = foldEvents(base, [ev('submitted')]);
    expect(view.subtasks.find((s) => s.id === 'undo')?.status).toBe('pending');
    expect(view.progress.total).toBe(1);
    view = foldEvents(base, [ev('submitted'), ev('subtask-failed', 'a', { final: true }), ev('compensation-triggered', 'undo')]);
    expect(view.subtasks.find((s) => s.id === 'undo')?.status).toBe('ready');
    expect(view.progress.total).toBe(2);
  });
});

/** Where a status stands in a run at an approval gate: a live page must never show a lower one after a higher. */
const RANK: Record<string, number> = { pending: 0, ready: 1, 'awaiting-approval': 2, running: 3, retrying: 3, succeeded: 4, failed: 4, skipped: 4, cancelled: 4 };

describe('snapshot cursor', () => {
  beforeEach(() => resetSequence());

  /** c runs and succeeds, d waits at its gate, a runs: eight events, the snapshot read after the seventh. */
  const history = () => [
    ev('submitted'),
    ev('subtask-started', 'c', { agent: 'x' }),
    ev('subtask-succeeded', 'c', { output: 1 }),
    ev('subtask-awaiting-approval', 'd'),
    ev('subtask-started', 'a', { agent: 'y' }),
    ev('message', 'a', { conversation: 'c1', performative: 'cfp', sender: 'coordinator', receiver: 'y' }),
    ev('subtask-succeeded', 'a', { output: 2 }),
    ev('subtask-started', 'b', { agent: 'y' }),
  ];
  const snapshotAt = (events: CollaborationEvent[], sequence: number) => ({ ...foldEvents(sampleCollaboration({ sequence: 0 }), events.slice(0, sequence)), sequence });

  it('replayFromTheStart_NeverShowsAStatusOlderThanTheSnapshot', () => {
    const log = history();
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshotAt(log, 7) });
    const seen: Record<string, string[]> = { a: [], b: [], c: [], d: [] };
    const record = () => {
      for (const subtask of state.view?.subtasks ?? []) seen[subtask.id]?.push(subtask.status);
    };
    record();
    for (const event of log) {
      state = reduceLiveCollaboration(state, { type: 'event', event });
      record();
    }
    for (const [id, statuses] of Object.entries(seen)) {
      const ranks = statuses.map((status) => RANK[status] ?? -1);
      expect(ranks, `${id}: ${statuses.join(' -> ')}`).toEqual([...ranks].sort((x, y) => x - y));
    }
    expect(new Set(seen.d)).toEqual(new Set(['awaiting-approval']));
    expect(seen.b).toEqual([...Array<string>(8).fill('ready'), 'running']);
    expect(state.events).toHaveLength(8);
    // Applied once, not folded again over the snapshot: b ran once, a ran once.
    expect(state.view?.subtasks.find((s) => s.id === 'b')?.attempts).toBe(1);
    expect(state.view?.usage.subtaskRuns).toBe(3);
  });

  it('eventsUpToTheSnapshot_LeaveTheSnapshotAsItIs', () => {
    const log = history();
    const snapshot = snapshotAt(log, 7);
    const state = run(log.slice(0, 7), reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshot }));
    expect(state.view).toBe(snapshot);
    expect(deriveView(snapshot, log.slice(0, 7))).toBe(snapshot);
  });

  it('eventsApplied_OneByOne_EqualTheFoldOfTheWholeLog', () => {
    const log = history();
    const state = run(log.slice(3), reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshotAt(log, 3) }));
    const whole = foldEvents(sampleCollaboration({ sequence: 0 }), log);
    expect(state.view?.subtasks).toEqual(whole.subtasks);
    expect(state.view?.progress).toEqual(whole.progress);
  });

  it('anOlderRead_AfterANewerOne_IsIgnored', () => {
    const log = history();
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshotAt(log, 7) });
    state = reduceLiveCollaboration(state, { type: 'loaded', view: snapshotAt(log, 2) });
    expect(state.base?.sequence).toBe(7);
    expect(statusOf(state, 'd')).toBe('awaiting-approval');
  });

  it('anApprovalAnswer_AheadOfTheStream_IsNotUndoneWhenTheStreamCatchesUp', () => {
    const log = [...history(), ev('subtask-approved', 'd', { by: 'admin' })];
    let state = run(log.slice(0, 5), reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshotAt(log, 8) }));
    state = reduceLiveCollaboration(state, { type: 'loaded', view: snapshotAt(log, 9) });
    expect(statusOf(state, 'd')).toBe('ready');
    state = run(log.slice(5), state);
    expect(statusOf(state, 'd')).toBe('ready');
    expect(statusOf(state, 'b')).toBe('running');
  });

  it('outOfOrderEvents_PastTheSnapshot_AreAppliedInSequence', () => {
    const log = history();
    let state = reduceLiveCollaboration(initialLiveCollaboration, { type: 'loaded', view: snapshotAt(log, 4) });
    state = run([log[6]!, log[4]!, log[5]!], state);
    expect(statusOf(state, 'a')).toBe('succeeded');
    expect(state.view?.subtasks.find((s) => s.id === 'a')?.attempts).toBe(1);
  });

  it('resumeAfter_IsTheLastEventHeld', () => {
    expect(resumeAfter(initialLiveCollaboration)).toBe(0);
    expect(resumeAfter(run(history().slice(0, 5)))).toBe(5);
  });

  it('applyEvents_DoesNotChangeItsInput', () => {
    const log = history();
    const snapshot = snapshotAt(log, 4);
    const copy = JSON.stringify(snapshot);
    applyEvents(snapshot, log.slice(4));
    expect(JSON.stringify(snapshot)).toBe(copy);
  });
});

describe('replayView', () => {
  beforeEach(() => resetSequence());

  const log = () => [
    ev('submitted'),
    ev('subtask-started', 'a', { agent: 'x', attempt: 1 }),
    ev('subtask-succeeded', 'a', { output: 1 }),
    ev('message', 'b', { conversation: 'c1', performative: 'cfp', sender: 'coordinator', receiver: 'x' }),
    ev('finished', null, { status: 'succeeded', result: { ok: true } }),
  ];

  it('replayView_OfAFinishedCollaboration_ShowsTheStateAtThatEvent', () => {
    const base = sampleCollaboration({ status: 'succeeded', finishedAt: '2026-01-01T00:00:05.000Z', result: { ok: true } });
    const events = log();
    const early = replayView(base, events.slice(0, 2));
    expect(early.status).toBe('running');
    expect(early.subtasks.find((s) => s.id === 'a')?.status).toBe('running');
    expect(early.usage).toMatchObject({ elapsedSeconds: 2, subtaskRuns: 1 });
    expect(early.progress.etaSeconds).toBeNull();
    const end = replayView(base, events);
    expect(end.status).toBe('succeeded');
    expect(end.result).toEqual({ ok: true });
    expect(end.finishedAt).toBe(events[4]?.at);
  });

  it('replayView_BeforeTheFirstEvent_IsThePlanAtItsStart', () => {
    const view = replayView(sampleCollaboration({ status: 'failed' }), []);
    expect(view.status).toBe('running');
    expect(view.subtasks.every((s) => s.status === 'pending')).toBe(true);
    expect(view.usage.elapsedSeconds).toBe(0);
  });
});
