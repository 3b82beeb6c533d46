import type { CollaborationEvent } from '../api/types';

/**
 * Why a subtask waits for a person when it is an escalated vote (its agents disagreed), from its latest
 * `subtask-awaiting-approval` event; null for an ordinary approval gate. The approver then names the winner.
 */
export function escalationReason(events: readonly CollaborationEvent[], subtask: string): string | null {
  for (const e of [...events].reverse()) {
    if (e.subtask === subtask && e.type === 'subtask-awaiting-approval') {
      return e.data?.escalated === true ? String(e.data.reason ?? 'The agents disagree.') : null;
    }
  }
  return null;
}

/** The question the dashboard asks an approver of an escalated vote. */
export function escalationQuestion(subtask: string, reason: string): string {
  return `${reason}\n\nWhich answer wins ${subtask}? Name the subtask whose answer wins, or the answer itself.`;
}
