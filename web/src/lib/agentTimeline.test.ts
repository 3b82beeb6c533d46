import { beforeEach, describe, expect, it } from 'vitest';
import { ev, resetSequence } from '../testing/collaborationSamples';
import { axisTicks, COORDINATOR_LANE, foldTimeline } from './agentTimeline';

const T0 = Date.UTC(2026, 0, 1);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('foldTimeline', () => {
  beforeEach(() => resetSequence());

  it('foldTimeline_NoEvents_IsEmpty', () => {
    expect(foldTimeline([])).toEqual({ lanes: [], start: null, end: null });
  });

  it('foldTimeline_OneLanePerAgent_InOrderOfFirstStart', () => {
    const timeline = foldTimeline([
      ev('submitted', null, {}, at(0)),
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(1)),
      ev('subtask-started', 'c', { agent: 'qa', attempt: 1 }, at(1)),
      ev('subtask-succeeded', 'a', { agent: 'build', durationMs: 1500 }, at(3)),
      ev('subtask-started', 'b', { agent: 'build', attempt: 1 }, at(3)),
      ev('subtask-succeeded', 'b', { agent: 'build' }, at(5)),
    ]);
    expect(timeline.start).toBe(T0);
    expect(timeline.end).toBe(T0 + 5000);
    expect(timeline.lanes.map((l) => l.agent)).toEqual(['build', 'qa']);
    const [build, qa] = timeline.lanes;
    expect(build?.bars.map((b) => [b.subtask, b.start - T0, b.end! - T0, b.outcome, b.durationMs, b.row])).toEqual([
      ['a', 1000, 3000, 'succeeded', 1500, 0],
      ['b', 3000, 5000, 'succeeded', 2000, 0],
    ]);
    expect(build?.rows).toBe(1);
    expect(qa?.bars[0]).toMatchObject({ subtask: 'c', outcome: 'running', end: null, durationMs: null });
  });

  it('foldTimeline_Retries_AreSeparateBars_WithTheirOutcome', () => {
    const timeline = foldTimeline([
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(0)),
      ev('subtask-failed', 'a', { agent: 'build', error: 'exit 1', attempt: 1, final: false, retryAt: at(2) }, at(1)),
      ev('subtask-started', 'a', { agent: 'build', attempt: 2 }, at(2)),
      ev('subtask-failed', 'a', { agent: 'build', error: 'exit 2', attempt: 2, final: true }, at(4)),
    ]);
    const bars = timeline.lanes[0]?.bars ?? [];
    expect(bars.map((b) => [b.key, b.attempt, b.outcome, b.error])).toEqual([
      ['a#1', 1, 'retried', 'exit 1'],
      ['a#2', 2, 'failed', 'exit 2'],
    ]);
  });

  it('foldTimeline_OverlappingAttemptsOfOneAgent_GetTheirOwnRows', () => {
    const timeline = foldTimeline([
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(0)),
      ev('subtask-started', 'b', { agent: 'build', attempt: 1 }, at(1)),
      ev('subtask-succeeded', 'a', { agent: 'build' }, at(2)),
      ev('subtask-started', 'c', { agent: 'build', attempt: 1 }, at(2)),
    ]);
    const lane = timeline.lanes[0];
    expect(lane?.bars.map((b) => [b.subtask, b.row])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
    ]);
    expect(lane?.rows).toBe(2);
  });

  it('foldTimeline_FinishedAndCancelled_CloseOpenBars', () => {
    const timeline = foldTimeline([
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(0)),
      ev('subtask-started', 'b', { agent: 'qa', attempt: 1 }, at(0)),
      ev('subtask-cancelled', 'a', null, at(2)),
      ev('finished', null, { status: 'cancelled' }, at(3)),
    ]);
    expect(timeline.lanes.flatMap((l) => l.bars).map((b) => [b.subtask, b.outcome, b.end! - T0])).toEqual([
      ['a', 'cancelled', 2000],
      ['b', 'cancelled', 3000],
    ]);
  });

  it('foldTimeline_AttemptWithoutAgent_GoesToTheCoordinatorLane', () => {
    const timeline = foldTimeline([
      ev('subtask-started', 'sum', { agent: null, attempt: 1 }, at(0)),
      ev('subtask-succeeded', 'sum', { output: 1, durationMs: 0 }, at(0)),
    ]);
    expect(timeline.lanes[0]).toMatchObject({ agent: COORDINATOR_LANE });
    expect(timeline.lanes[0]?.bars[0]).toMatchObject({ outcome: 'succeeded', durationMs: 0 });
  });

  it('foldTimeline_RestartedAttempt_EndsTheInterruptedOne', () => {
    const timeline = foldTimeline([
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(0)),
      ev('resumed', null, { interrupted: ['a'] }, at(5)),
      ev('subtask-started', 'a', { agent: 'build', attempt: 1 }, at(6)),
    ]);
    const bars = timeline.lanes[0]?.bars ?? [];
    expect(bars.map((b) => b.outcome)).toEqual(['cancelled', 'running']);
    expect(new Set(bars.map((b) => b.key)).size).toBe(2);
  });
});

describe('axisTicks', () => {
  it.each([
    [10_000, [0, 2000, 4000, 6000, 8000, 10_000]],
    [900, [0, 200, 400, 600, 800]],
    [0, [0]],
  ])('axisTicks(%d)', (span, ticks) => {
    expect(axisTicks(span)).toEqual(ticks);
  });
});
