import { describe, expect, it } from 'vitest';
import { openCollaborationStream, parseCollaborationEvent } from './collaborationStream';
import { FakeSocket } from '../testing/FakeSocket';
import type { CollaborationEvent } from './types';

describe('parseCollaborationEvent', () => {
  it('knownEvent_IsParsed', () => {
    const raw = JSON.stringify({ sequence: 3, type: 'subtask-started', at: 'x', subtask: 'a', data: { agent: 'ops' } });
    expect(parseCollaborationEvent(raw)).toEqual({ sequence: 3, type: 'subtask-started', at: 'x', subtask: 'a', data: { agent: 'ops' } });
  });

  it('messageEvent_IsParsed', () => {
    const data = { conversation: 'c1', performative: 'cfp', sender: 'coordinator', receiver: 'qa', subtask: 'a', inReplyTo: null, content: { task: 'x' } };
    const raw = JSON.stringify({ collaborationId: 'col_1', sequence: 4, type: 'message', at: 'x', subtask: 'a', data });
    expect(parseCollaborationEvent(raw)).toEqual({ sequence: 4, type: 'message', at: 'x', subtask: 'a', data });
  });

  it('missingSubtaskAndData_BecomeNull', () => {
    expect(parseCollaborationEvent(JSON.stringify({ sequence: 1, type: 'submitted', at: 'x' }))).toEqual({ sequence: 1, type: 'submitted', at: 'x', subtask: null, data: null });
  });

  it.each([
    ['not json', '{'],
    ['unknown type', JSON.stringify({ sequence: 1, type: 'exploded', at: 'x' })],
    ['no sequence', JSON.stringify({ type: 'submitted', at: 'x' })],
  ])('%s_IsSkipped', (_name, raw) => {
    expect(parseCollaborationEvent(raw)).toBeNull();
  });
});

describe('openCollaborationStream', () => {
  it('deliversEvents_AndReportsAFinishedClose', () => {
    const socket = new FakeSocket();
    const events: CollaborationEvent[] = [];
    let closed: boolean | null = null;
    openCollaborationStream('ws://x', { onEvent: (e) => events.push(e), onClose: (finished) => (closed = finished) }, () => socket);
    socket.receive({ sequence: 1, type: 'submitted', at: 'x' });
    socket.receive({ sequence: 2, type: 'finished', at: 'x', data: { status: 'succeeded' } });
    socket.drop();
    expect(events.map((e) => e.type)).toEqual(['submitted', 'finished']);
    expect(closed).toBe(true);
  });

  it('closeBeforeFinished_IsReportedAsUnfinished_AndStopClosesTheSocket', () => {
    const socket = new FakeSocket();
    let closed: boolean | null = null;
    const stop = openCollaborationStream('ws://x', { onEvent: () => undefined, onClose: (finished) => (closed = finished) }, () => socket);
    socket.drop();
    expect(closed).toBe(false);
    const other = new FakeSocket();
    openCollaborationStream('ws://x', { onEvent: () => undefined, onClose: () => undefined }, () => other)();
    expect(other.closed).toBe(true);
    stop();
  });
});
