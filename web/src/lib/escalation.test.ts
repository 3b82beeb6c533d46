import { describe, expect, it } from 'vitest';
import { ev } from '../testing/collaborationSamples';
import { escalationQuestion, escalationReason } from './escalation';

describe('escalationReason', () => {
  it('is the reason of the latest escalated gate of the subtask', () => {
    const events = [
      ev('subtask-awaiting-approval', 'deploy'),
      ev('subtask-awaiting-approval', 'vote', { escalated: true, reason: 'majority-vote is tied at 1 vote each between "a" (x), "b" (y).' }),
    ];
    expect(escalationReason(events, 'vote')).toBe('majority-vote is tied at 1 vote each between "a" (x), "b" (y).');
  });

  it('is null for an ordinary gate or a subtask that never waited', () => {
    const events = [ev('subtask-awaiting-approval', 'deploy'), ev('subtask-started', 'build', { agent: 'x', attempt: 1 })];
    expect(escalationReason(events, 'deploy')).toBeNull();
    expect(escalationReason(events, 'build')).toBeNull();
  });
});

describe('escalationQuestion', () => {
  it('says why and asks for the winner', () => {
    expect(escalationQuestion('vote', 'No quorum.')).toBe('No quorum.\n\nWhich answer wins vote? Name the subtask whose answer wins, or the answer itself.');
  });
});
