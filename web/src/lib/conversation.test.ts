import { beforeEach, describe, expect, it } from 'vitest';
import { ev, resetSequence } from '../testing/collaborationSamples';
import { bidSummary, conversationFacets, filterConversation, foldConversation, groupConversations } from './conversation';

const run = () => [
  ev('submitted', null, { plan: { subtasks: [{ id: 'a', tool: 'command', input: { command: ['make'] } }, { id: 'sum', aggregate: {} }] } }),
  ev('subtask-started', 'a', { agent: 'build', attempt: 1 }),
  ev('message', 'a', { conversation: 'cnp-1', performative: 'cfp', sender: 'engine', receiver: 'qa', subtask: 'a', inReplyTo: null, content: { task: 'x' } }),
  ev('message', 'a', { conversation: 'cnp-1', performative: 'refuse', sender: 'qa', receiver: 'engine', subtask: 'a', inReplyTo: 'm1', content: null }),
  ev('subtask-failed', 'a', { agent: 'build', error: 'exit 1', output: 'log', attempt: 1, final: false, retryAt: '2026-01-01T00:00:09Z' }),
  ev('subtask-started', 'a', { agent: 'build', attempt: 2 }),
  ev('subtask-succeeded', 'a', { agent: 'build', output: { ok: true }, durationMs: 5 }),
  ev('subtask-started', 'sum', { agent: null, attempt: 1 }),
  ev('subtask-succeeded', 'sum', { output: 1 }),
  ev('finished', null, { status: 'succeeded' }),
];

describe('foldConversation', () => {
  beforeEach(() => resetSequence());

  it('foldConversation_DerivesRequestsAndReplies_AndKeepsMessages_InOrder', () => {
    const entries = foldConversation(run());
    expect(entries.map((e) => [e.sequence, e.conversation, e.performative, e.sender, e.receiver, e.derived])).toEqual([
      [2, 'subtask:a', 'request', 'engine', 'build', true],
      [3, 'cnp-1', 'cfp', 'engine', 'qa', false],
      [4, 'cnp-1', 'refuse', 'qa', 'engine', false],
      [5, 'subtask:a', 'failure', 'build', 'engine', true],
      [6, 'subtask:a', 'request', 'engine', 'build', true],
      [7, 'subtask:a', 'inform', 'build', 'engine', true],
    ]);
  });

  it('foldConversation_RepliesCarryTheirContent_AndPointAtTheRequest', () => {
    const entries = foldConversation(run());
    expect(entries[0]?.content).toEqual({ tool: 'command', input: { command: ['make'] }, attempt: 1 });
    expect(entries[4]?.content).toEqual({ tool: 'command', input: { command: ['make'] }, attempt: 2 });
    expect(entries[3]).toMatchObject({ inReplyTo: '2', content: { error: 'exit 1', output: 'log', final: false, retryAt: '2026-01-01T00:00:09Z' } });
    expect(entries[5]).toMatchObject({ inReplyTo: '6', content: { ok: true } });
    expect(entries[2]).toMatchObject({ inReplyTo: 'm1', content: null, subtask: 'a' });
  });

  it('foldConversation_WithoutThePlan_RequestsCarryTheAttempt', () => {
    const [request] = foldConversation([ev('submitted', null, { plan: null }), ev('subtask-started', 'x', { agent: 'qa', attempt: 1 })]);
    expect(request?.content).toEqual({ attempt: 1 });
  });

  it('foldConversation_MalformedMessage_IsSkipped', () => {
    expect(foldConversation([ev('message', null, { performative: 'inform' }), ev('message', null, null)])).toEqual([]);
  });

  it('foldConversation_MessageWithoutConversation_BelongsToItsSubtask', () => {
    const [entry] = foldConversation([ev('message', 'b', { performative: 'inform', sender: 'qa', receiver: 'build' })]);
    expect(entry?.conversation).toBe('subtask:b');
  });
});

describe('filterConversation and groupConversations', () => {
  beforeEach(() => resetSequence());

  it('filterConversation_ByAgent_MatchesSenderOrReceiver', () => {
    const entries = foldConversation(run());
    expect(filterConversation(entries, { agent: 'qa' }).map((e) => e.performative)).toEqual(['cfp', 'refuse']);
    expect(filterConversation(entries, { agent: 'build', performative: 'request' }).map((e) => e.sequence)).toEqual([2, 6]);
    expect(filterConversation(entries, {})).toHaveLength(entries.length);
  });

  it('groupConversations_KeepsFirstAppearanceOrder_AndParticipants', () => {
    const groups = groupConversations(foldConversation(run()));
    expect(groups.map((g) => [g.id, g.entries.length, g.participants])).toEqual([
      ['subtask:a', 4, ['engine', 'build']],
      ['cnp-1', 2, ['engine', 'qa']],
    ]);
  });

  it('conversationFacets_ListsAgentsAndPerformatives', () => {
    expect(conversationFacets(foldConversation(run()))).toEqual({
      agents: ['build', 'engine', 'qa'],
      performatives: ['cfp', 'failure', 'inform', 'refuse', 'request'],
    });
  });
});

describe('bidSummary', () => {
  it('proposal_FiguresInOneLine', () => {
    expect(bidSummary('propose', { cost: 0.0123456, latencyMs: 1530, load: 0.25, confidence: 0.9 })).toEqual({
      text: 'cost 0.012 · latency 1.53 s · load 25% · confidence 90%',
      fallback: false,
    });
  });

  it('acceptProposal_WithUtilityAndFallback', () => {
    expect(bidSummary('accept-proposal', { cost: 0, latencyMs: 120, load: 0, confidence: 1, utility: 0.892857, fallback: true })).toEqual({
      text: 'cost 0 · latency 120 ms · load 0% · confidence 100% · utility 0.893',
      fallback: true,
    });
  });

  it('cfpRefuseCancelReject_SayToolOrReason', () => {
    expect(bidSummary('cfp', { tool: 'command', deadline: '2026-01-01T00:00:02Z' })?.text).toBe('tool command');
    expect(bidSummary('refuse', { reason: 'offline' })?.text).toBe('offline');
    expect(bidSummary('cancel', { reason: 'no proposal before the deadline' })?.text).toBe('no proposal before the deadline');
    expect(bidSummary('reject-proposal', { reason: 'a better proposal won' })?.text).toBe('a better proposal won');
  });

  it('otherMessagesOrShapes_AreNull', () => {
    expect(bidSummary('inform', { cost: 1 })).toBeNull();
    expect(bidSummary('propose', 'text')).toBeNull();
    expect(bidSummary('propose', {})).toBeNull();
    expect(bidSummary('propose', null)).toBeNull();
  });
});
