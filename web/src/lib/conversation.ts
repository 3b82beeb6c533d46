import type { CollaborationEvent, ConversationMessageData } from '../api/types';

/** Who hands out subtasks and receives their results. */
export const COORDINATOR = 'engine';

/** One message of a collaboration's conversations, recorded (`message` events) or derived from a subtask's run. */
export interface ConversationEntry extends ConversationMessageData {
  /** Unique within the collaboration: the event's sequence. */
  key: string;
  sequence: number;
  at: string;
  /** True for the request/inform/failure read from the subtask events rather than recorded as messages. */
  derived: boolean;
}

export interface Conversation {
  id: string;
  entries: ConversationEntry[];
  /** Everyone who sent or received a message in it, in order of appearance. */
  participants: string[];
}

/** The conversation id of a subtask's own request and reply. */
export const subtaskConversation = (subtask: string): string => `subtask:${subtask}`;

/**
 * The messages of a collaboration, oldest first: every `message` event as recorded, plus for every subtask attempt
 * the coordinator's `request` to its agent (at `subtask-started`) and the agent's `inform` or `failure` back (at
 * `subtask-succeeded` / `subtask-failed`). Attempts without an agent (the coordinator's own steps) are left out. Pure.
 */
export function foldConversation(events: readonly CollaborationEvent[]): ConversationEntry[] {
  const entries: ConversationEntry[] = [];
  const requests = new Map<string, { agent: string; key: string }>();
  // What each subtask asks for, from the plan in `submitted`: the content of its requests.
  const asks = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    const data = event.data ?? {};
    const base = { key: String(event.sequence), sequence: event.sequence, at: event.at };
    switch (event.type) {
      case 'submitted':
        for (const [id, ask] of planAsks(data.plan)) asks.set(id, ask);
        break;
      case 'message': {
        const performative = text(data.performative);
        const sender = text(data.sender);
        const receiver = text(data.receiver);
        if (!performative || !sender || !receiver) break;
        const subtask = text(data.subtask) ?? event.subtask;
        entries.push({
          ...base,
          conversation: text(data.conversation) ?? (subtask ? subtaskConversation(subtask) : '(none)'),
          performative,
          sender,
          receiver,
          subtask,
          inReplyTo: text(data.inReplyTo),
          content: data.content ?? null,
          derived: false,
        });
        break;
      }
      case 'subtask-started': {
        const agent = text(data.agent);
        if (event.subtask === null || agent === null) break;
        requests.set(event.subtask, { agent, key: base.key });
        entries.push({
          ...base,
          conversation: subtaskConversation(event.subtask),
          performative: 'request',
          sender: COORDINATOR,
          receiver: agent,
          subtask: event.subtask,
          inReplyTo: null,
          content: { ...asks.get(event.subtask), ...(typeof data.attempt === 'number' ? { attempt: data.attempt } : {}) },
          derived: true,
        });
        break;
      }
      case 'subtask-succeeded':
      case 'subtask-failed': {
        if (event.subtask === null) break;
        const request = requests.get(event.subtask);
        const agent = text(data.agent) ?? request?.agent;
        if (!agent) break;
        requests.delete(event.subtask);
        const succeeded = event.type === 'subtask-succeeded';
        entries.push({
          ...base,
          conversation: subtaskConversation(event.subtask),
          performative: succeeded ? 'inform' : 'failure',
          sender: agent,
          receiver: COORDINATOR,
          subtask: event.subtask,
          inReplyTo: request?.key ?? null,
          content: succeeded ? (data.output ?? null) : failureContent(data),
          derived: true,
        });
        break;
      }
      default:
        break;
    }
  }
  return entries;
}

/** Each subtask's tool and input from a plan as `submitted` records it. */
function planAsks(plan: unknown): [string, Record<string, unknown>][] {
  if (plan === null || typeof plan !== 'object' || !Array.isArray((plan as { subtasks?: unknown }).subtasks)) return [];
  const asks: [string, Record<string, unknown>][] = [];
  for (const subtask of (plan as { subtasks: unknown[] }).subtasks) {
    if (subtask === null || typeof subtask !== 'object') continue;
    const { id, tool, input } = subtask as Record<string, unknown>;
    if (typeof id !== 'string') continue;
    const ask: Record<string, unknown> = {};
    if (typeof tool === 'string') ask.tool = tool;
    if (input !== undefined && input !== null) ask.input = input;
    asks.push([id, ask]);
  }
  return asks;
}

function failureContent(data: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = { error: data.error ?? null };
  if (data.output !== undefined && data.output !== null) content.output = data.output;
  if (typeof data.final === 'boolean') content.final = data.final;
  if (typeof data.retryAt === 'string') content.retryAt = data.retryAt;
  return content;
}

export interface ConversationFilter {
  /** Messages this agent sent or received. */
  agent?: string;
  performative?: string;
}

export function filterConversation(entries: readonly ConversationEntry[], filter: ConversationFilter): ConversationEntry[] {
  return entries.filter(
    (e) => (!filter.agent || e.sender === filter.agent || e.receiver === filter.agent) && (!filter.performative || e.performative === filter.performative),
  );
}

/** Groups messages by conversation, each group at the place of its first message; order inside is kept. */
export function groupConversations(entries: readonly ConversationEntry[]): Conversation[] {
  const groups = new Map<string, Conversation>();
  for (const entry of entries) {
    let group = groups.get(entry.conversation);
    if (!group) {
      group = { id: entry.conversation, entries: [], participants: [] };
      groups.set(entry.conversation, group);
    }
    group.entries.push(entry);
    for (const who of [entry.sender, entry.receiver]) if (!group.participants.includes(who)) group.participants.push(who);
  }
  return [...groups.values()];
}

/** The agents (senders and receivers, the coordinator included) and performatives present, sorted: the filter choices. */
export function conversationFacets(entries: readonly ConversationEntry[]): { agents: string[]; performatives: string[] } {
  const agents = new Set<string>();
  const performatives = new Set<string>();
  for (const entry of entries) {
    agents.add(entry.sender);
    agents.add(entry.receiver);
    performatives.add(entry.performative);
  }
  return { agents: [...agents].sort(), performatives: [...performatives].sort() };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** A Contract Net message's content in one line, and whether the award fell back on a runner-up. */
export interface BidSummary {
  text: string;
  fallback: boolean;
}

const BID_PERFORMATIVES = new Set(['cfp', 'propose', 'refuse', 'cancel', 'accept-proposal', 'reject-proposal']);

/**
 * The compact line of a bidding message: a proposal's cost, latency, load and confidence (and the utility that won
 * it the award), a call's tool, or why an agent refused or was declined; null for other messages. Pure.
 */
export function bidSummary(performative: string, content: unknown): BidSummary | null {
  if (!BID_PERFORMATIVES.has(performative) || content === null || typeof content !== 'object' || Array.isArray(content)) return null;
  const data = content as Record<string, unknown>;
  const parts: string[] = [];
  const number = (key: string, format: (value: number) => string) => {
    const value = data[key];
    if (typeof value === 'number' && Number.isFinite(value)) parts.push(format(value));
  };
  if (performative === 'cfp' && typeof data.tool === 'string') parts.push(`tool ${data.tool}`);
  number('cost', (value) => `cost ${round(value)}`);
  number('latencyMs', (value) => `latency ${value < 1000 ? `${Math.round(value)} ms` : `${round(value / 1000)} s`}`);
  number('load', (value) => `load ${Math.round(value * 100)}%`);
  number('confidence', (value) => `confidence ${Math.round(value * 100)}%`);
  number('utility', (value) => `utility ${round(value)}`);
  if (typeof data.reason === 'string' && data.reason) parts.push(data.reason);
  return parts.length > 0 ? { text: parts.join(' · '), fallback: data.fallback === true } : null;
}

const round = (value: number): string => String(Math.round(value * 1000) / 1000);
