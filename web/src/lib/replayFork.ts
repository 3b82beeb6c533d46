import type { AgentView, CollaborationEvent, CollaborationOrigin, CollaborationStatus, ForkRequest, SubtaskSpec } from '../api/types';
import { sortFieldErrors } from './fieldErrors';

/** Only a collaboration that ended with a result to reproduce can be re-executed or forked. */
export function canReExecute(status: CollaborationStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** The diff page of two collaborations, the original on the left. */
export function diffHref(left: string, right: string): string {
  return `/collaborations/${encodeURIComponent(left)}/diff/${encodeURIComponent(right)}`;
}

/** "Replay of" / "Fork of", and what the fork changed: the pieces of the origin line around the original's id. */
export function describeOrigin(origin: CollaborationOrigin): { prefix: string; suffix: string } {
  if (origin.kind === 'replay') return { prefix: 'Replay of', suffix: '' };
  const parts: string[] = [];
  if (origin.subtask) parts.push(`at subtask ${origin.subtask}`);
  const changes: string[] = [];
  if (origin.agent) changes.push(`agent ${origin.agent}`);
  if (origin.input !== undefined && origin.input !== null) changes.push('a new input');
  if (changes.length > 0) parts.push(`with ${changes.join(' and ')}`);
  return { prefix: 'Fork of', suffix: parts.join(' ') };
}

/** The plan's subtasks as submitted (with their inputs), from the `submitted` event; null when it is not among `events`. */
export function planOf(events: readonly CollaborationEvent[]): SubtaskSpec[] | null {
  const submitted = events.find((event) => event.type === 'submitted');
  const plan = submitted?.data?.plan;
  if (plan === null || typeof plan !== 'object' || !Array.isArray((plan as { subtasks?: unknown }).subtasks)) return null;
  return (plan as { subtasks: unknown[] }).subtasks.filter(
    (subtask): subtask is SubtaskSpec => subtask !== null && typeof subtask === 'object' && typeof (subtask as { id?: unknown }).id === 'string',
  );
}

/** The capability a built-in tool needs (Lightning.Agents/Tools/ActionTool.cs); other tools say theirs in the plan. */
const TOOL_CAPABILITIES: Record<string, string> = {
  command: 'command',
  prompt: 'llm',
  'read-file': 'files',
  'write-file': 'files',
  'list-files': 'files',
};

/**
 * The agents that could run a subtask: those with the capability it asks for and the one its tool needs (as far as the
 * dashboard knows it), sorted by name. When none match, every agent: the server has the last word. Pure.
 */
export function agentsFor(subtask: Pick<SubtaskSpec, 'tool' | 'capability'> | undefined, agents: readonly AgentView[]): AgentView[] {
  const required = [subtask?.capability, subtask?.tool ? TOOL_CAPABILITIES[subtask.tool] : undefined].filter((c): c is string => Boolean(c));
  const sorted = [...agents].sort((a, b) => a.name.localeCompare(b.name));
  const matching = sorted.filter((agent) => required.every((capability) => agent.capabilities.includes(capability)));
  return matching.length > 0 ? matching : sorted;
}

/** The JSON text a subtask's input starts as in the fork form: empty when the plan gives none. */
export function inputText(input: unknown): string {
  return input === undefined || input === null ? '' : JSON.stringify(input, null, 2);
}

export interface ForkForm {
  subtask: string;
  /** Empty: the agent of the plan (or whoever the engine picks). */
  agent: string;
  /** JSON; empty, or the same value as the plan's, keeps the input. */
  input: string;
}

export type ForkField = 'subtask' | 'agent' | 'input';

/**
 * The fork request the form describes, or the errors to show under its fields. The input goes only when it differs
 * from the plan's (as a value, not as text), so re-indenting it changes nothing. Pure.
 */
export function buildForkRequest(form: ForkForm, originalInput: unknown): { request: ForkRequest } | { errors: Partial<Record<ForkField, string[]>> } {
  if (!form.subtask) return { errors: { subtask: ['Choose the subtask to fork at.'] } };
  const request: ForkRequest = { subtask: form.subtask };
  if (form.agent) request.agent = form.agent;
  const text = form.input.trim();
  if (text) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { errors: { input: [`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`] } };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { errors: { input: ['The input is a JSON object, such as {"command": ["echo", "hi"]}.'] } };
    if (JSON.stringify(value) !== JSON.stringify(originalInput ?? null)) request.input = value;
  }
  return { request };
}

/**
 * Sorts the server's validation errors of a fork into the form: `subtask` is the subtask field; the checks of the
 * changed subtask (`plan.subtasks[id]`) go under the agent when they are about the agent, else under the input.
 */
export function forkFieldErrors(errors: Record<string, string[]>, subtask: string): { byField: Partial<Record<ForkField, string[]>>; other: string[] } {
  const { byField, other } = sortFieldErrors<ForkField | 'plan'>(errors, { subtask: 'subtask', agent: 'agent', input: 'input', [`plan.subtasks[${subtask}]`]: 'plan' });
  const result: Partial<Record<ForkField, string[]>> = {};
  for (const field of ['subtask', 'agent', 'input'] as const) if (byField[field]) result[field] = byField[field];
  for (const message of byField.plan ?? []) {
    const field: ForkField = /\bagent\b|selection/i.test(message) ? 'agent' : 'input';
    result[field] = [...(result[field] ?? []), message];
  }
  return { byField: result, other };
}
