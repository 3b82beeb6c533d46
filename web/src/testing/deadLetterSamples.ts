import type { DeadLetterView } from '../api/types';

export function sampleDeadLetter(overrides: Partial<DeadLetterView> = {}): DeadLetterView {
  return {
    messageId: 'msg_0001',
    conversationId: 'conv_0001',
    protocol: 'request',
    performative: 'request',
    sender: 'coordinator',
    receiver: 'agent:build-1',
    priority: 5,
    attempt: 3,
    idempotencyKey: 'col_0001/a/1',
    createdAt: '2026-01-01T00:00:00.000Z',
    replyBy: null,
    reason: 'Handler threw: connection refused',
    deadAt: '2026-01-01T00:00:09.000Z',
    payload: { tool: 'command', input: { command: ['make'] } },
    history: [
      { attempt: 1, at: '2026-01-01T00:00:01.000Z', consumer: 'worker-1', outcome: 'failed', reason: 'connection refused' },
      { attempt: 2, at: '2026-01-01T00:00:05.000Z', consumer: 'worker-2', outcome: 'failed', reason: 'connection refused' },
    ],
    ...overrides,
  };
}
