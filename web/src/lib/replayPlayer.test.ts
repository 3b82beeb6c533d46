import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replayGap, ReplayPlayer, type ReplayState } from './replayPlayer';

// Recorded: 0 s, +1 s, +1 s, +60 s idle (capped to 2 s), +0.5 s.
const TIMES = [0, 1000, 2000, 62_000, 62_500];

function player(speed = 1) {
  const states: ReplayState[] = [];
  const p = new ReplayPlayer({ times: TIMES, speed, onChange: (s) => states.push(s) });
  return { p, states, position: () => p.state.position };
}

describe('replayGap', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [3, 2000],
    [4, 500],
    [5, 0],
  ])('replayGap(%d) = %d', (index, gap) => {
    expect(replayGap(TIMES, index)).toBe(gap);
  });

  it('replayGap_ClockBackwards_IsZero', () => {
    expect(replayGap([1000, 500], 1)).toBe(0);
  });
});

describe('ReplayPlayer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('play_AppliesEventsAtRecordedGaps_CappingIdleTime', () => {
    const { p, position } = player();
    p.play();
    vi.advanceTimersByTime(0);
    expect(position()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(position()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(position()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(position()).toBe(3);
    vi.advanceTimersByTime(1999);
    expect(position()).toBe(3);
    vi.advanceTimersByTime(1);
    expect(position()).toBe(4);
    vi.advanceTimersByTime(500);
    expect(p.state).toEqual({ position: 5, total: 5, playing: false, speed: 1 });
  });

  it('play_AtTenTimes_DividesTheGaps', () => {
    const { p, position } = player(10);
    p.play();
    vi.advanceTimersByTime(100);
    expect(position()).toBe(2);
    vi.advanceTimersByTime(300);
    expect(position()).toBe(4);
    vi.advanceTimersByTime(50);
    expect(position()).toBe(5);
  });

  it('pause_KeepsTheTimeAlreadyWaited', () => {
    const { p, position } = player();
    p.play();
    vi.advanceTimersByTime(600);
    p.pause();
    vi.advanceTimersByTime(10_000);
    expect(position()).toBe(1);
    p.play();
    vi.advanceTimersByTime(399);
    expect(position()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(position()).toBe(2);
  });

  it('setSpeed_WhilePlaying_RescalesTheRestOfTheGap', () => {
    const { p, position } = player();
    p.play();
    vi.advanceTimersByTime(500);
    p.setSpeed(5);
    vi.advanceTimersByTime(99);
    expect(position()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(position()).toBe(2);
    expect(p.state.speed).toBe(5);
  });

  it('seek_MovesAtOnce_AndPlayingGoesOnFromThere', () => {
    const { p, position, states } = player();
    p.seek(3);
    expect(states.at(-1)).toEqual({ position: 3, total: 5, playing: false, speed: 1 });
    p.play();
    vi.advanceTimersByTime(1999);
    expect(position()).toBe(3);
    vi.advanceTimersByTime(1);
    expect(position()).toBe(4);
    p.seek(1);
    vi.advanceTimersByTime(1000);
    expect(position()).toBe(2);
    p.seek(99);
    expect(p.state).toMatchObject({ position: 5, playing: false });
    p.seek(-3);
    expect(position()).toBe(0);
  });

  it('play_AtTheEnd_StartsOver', () => {
    const { p, states } = player();
    p.seek(5);
    p.play();
    expect(states.at(-1)).toMatchObject({ position: 0, playing: true });
    vi.advanceTimersByTime(0);
    expect(p.state.position).toBe(1);
  });

  it('recordedTime_MovesBetweenEvents_WhilePlaying', () => {
    const { p } = player(2);
    expect(p.recordedTime()).toBe(0);
    p.play();
    vi.advanceTimersByTime(0);
    expect(p.recordedTime()).toBe(0);
    vi.advanceTimersByTime(250);
    expect(p.recordedTime()).toBe(500);
    p.pause();
    vi.advanceTimersByTime(5000);
    expect(p.recordedTime()).toBe(500);
    p.seek(3);
    expect(p.recordedTime()).toBe(2000);
    p.play();
    vi.advanceTimersByTime(999);
    // The 60 s idle gap plays as 2 s: the clock moves through at most those 2 s, then jumps with the event.
    expect(p.recordedTime()).toBe(3998);
    vi.advanceTimersByTime(1);
    expect(p.recordedTime()).toBe(62_000);
  });

  it('recordedTime_WithoutEvents_IsNull', () => {
    expect(new ReplayPlayer({ times: [], onChange: () => undefined }).recordedTime()).toBeNull();
  });

  it('dispose_StopsTheTimer', () => {
    const { p, states } = player();
    p.play();
    const heard = states.length;
    p.dispose();
    vi.advanceTimersByTime(100_000);
    expect(states).toHaveLength(heard);
    expect(vi.getTimerCount()).toBe(0);
  });
});
