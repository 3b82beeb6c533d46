import { describe, expect, it } from 'vitest';
import type { ActionEvent } from '../api/types';
import { sampleAction } from '../testing/samples';
import { appendChunk, initialLiveAction, outputText, reduceLiveAction, type LiveActionMessage, type LiveActionState } from './liveAction';

const running = sampleAction({ status: 'running', startedAt: '2026-01-01T10:00:01Z' });
const succeeded = sampleAction({ status: 'succeeded', exitCode: 0, finishedAt: '2026-01-01T10:00:03Z', durationMs: 2000 });

const output = (stream: 'stdout' | 'stderr', text: string, at = 't'): LiveActionMessage => ({ type: 'event', event: { type: 'output', at, data: { stream, text } } });
const event = (type: 'status' | 'finished', data = running): LiveActionMessage => ({ type: 'event', event: { type, at: 't', data } as ActionEvent });

function run(...messages: LiveActionMessage[]): LiveActionState {
  return messages.reduce(reduceLiveAction, initialLiveAction);
}

describe('reduceLiveAction', () => {
  it('streamedRun_EndsFinishedWithAllOutput', () => {
    const state = run(
      { type: 'loaded', action: sampleAction() },
      event('status', running),
      output('stdout', 'line-1\n', 'first'),
      output('stdout', 'line-2\n'),
      output('stderr', 'warning\n'),
      output('stdout', 'line-3\n'),
      event('finished', succeeded),
    );
    expect(state.action?.status).toBe('succeeded');
    expect(state.chunks).toEqual([
      { stream: 'stdout', text: 'line-1\nline-2\n' },
      { stream: 'stderr', text: 'warning\n' },
      { stream: 'stdout', text: 'line-3\n' },
    ]);
    expect(outputText(state.chunks)).toBe('line-1\nline-2\nwarning\nline-3\n');
    expect(state.firstOutput).toEqual({ at: 'first', status: 'running' });
  });

  it('lateHttpRead_DoesNotUndoFinished', () => {
    const state = run(event('finished', succeeded), { type: 'loaded', action: running });
    expect(state.action?.status).toBe('succeeded');
  });

  it('queuedAfterRunning_IsIgnored', () => {
    const state = run(event('status', running), { type: 'loaded', action: sampleAction({ status: 'queued' }) });
    expect(state.action?.status).toBe('running');
  });

  it('cancelResponse_ReplacesRunning', () => {
    const state = run(event('status', running), { type: 'loaded', action: sampleAction({ status: 'cancelled' }) });
    expect(state.action?.status).toBe('cancelled');
  });

  it('reset_ClearsOutputKeepsAction', () => {
    const state = run(event('status', running), output('stdout', 'a'), { type: 'reset' });
    expect(state.chunks).toEqual([]);
    expect(state.firstOutput).toBeNull();
    expect(state.action?.status).toBe('running');
  });

  it('recordedOutput_ReplacesStreamedOutput', () => {
    const state = run(output('stderr', 'partial'), { type: 'output', text: 'all of it\n' });
    expect(state.chunks).toEqual([{ stream: 'stdout', text: 'all of it\n' }]);
  });

  it('emptyOutput_ChangesNothing', () => {
    const before = run(event('status', running));
    expect(reduceLiveAction(before, output('stdout', ''))).toBe(before);
    expect(run({ type: 'output', text: '' }).chunks).toEqual([]);
  });

  it('anotherActionsView_Replaces', () => {
    const state = run(event('finished', succeeded), { type: 'loaded', action: sampleAction({ id: 'act_other', status: 'queued' }) });
    expect(state.action?.id).toBe('act_other');
  });
});

describe('appendChunk', () => {
  it('doesNotMutate', () => {
    const chunks = [{ stream: 'stdout' as const, text: 'a' }];
    const next = appendChunk(chunks, { stream: 'stdout', text: 'b' });
    expect(chunks).toEqual([{ stream: 'stdout', text: 'a' }]);
    expect(next).toEqual([{ stream: 'stdout', text: 'ab' }]);
  });
});
