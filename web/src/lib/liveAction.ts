import type { ActionEvent, ActionStatus, ActionView, OutputStreamName } from '../api/types';
import { isFinished } from '../api/types';

export interface OutputChunk {
  stream: OutputStreamName;
  text: string;
}

/** What the action page shows: the action as last heard of, and its output so far. */
export interface LiveActionState {
  action: ActionView | null;
  chunks: OutputChunk[];
  /** When the first output arrived and what the action's status was then (proof of streaming, and a nice detail). */
  firstOutput: { at: string; status: ActionStatus | null } | null;
}

export type LiveActionMessage =
  /** The action read over HTTP (page load, or after the stream closed). */
  | { type: 'loaded'; action: ActionView }
  /** One event from the WebSocket. */
  | { type: 'event'; event: ActionEvent }
  /** Reconnecting: the server replays all past events, so the output starts over. */
  | { type: 'reset' }
  /** The recorded output, read over HTTP when no stream could be had. */
  | { type: 'output'; text: string };

export const initialLiveAction: LiveActionState = { action: null, chunks: [], firstOutput: null };

const rank = (status: ActionStatus): number => (status === 'queued' ? 0 : status === 'running' ? 1 : 2);

/**
 * Keeps the most advanced view of the action: an HTTP read that raced a stream event must not take a finished
 * action back to running. Adjacent output of one stream is merged, so the page renders few nodes.
 */
export function reduceLiveAction(state: LiveActionState, message: LiveActionMessage): LiveActionState {
  switch (message.type) {
    case 'loaded':
      return { ...state, action: newer(state.action, message.action) };
    case 'reset':
      return { ...state, chunks: [], firstOutput: null };
    case 'output':
      return { ...state, chunks: message.text ? [{ stream: 'stdout', text: message.text }] : [] };
    case 'event': {
      const { event } = message;
      if (event.type === 'output') {
        if (event.data.text === '') return state;
        return {
          ...state,
          chunks: appendChunk(state.chunks, event.data),
          firstOutput: state.firstOutput ?? { at: event.at, status: state.action?.status ?? null },
        };
      }
      return { ...state, action: newer(state.action, event.data) };
    }
  }
}

function newer(current: ActionView | null, next: ActionView): ActionView {
  if (current === null || current.id !== next.id) return next;
  if (isFinished(current.status) && !isFinished(next.status)) return current;
  return rank(next.status) >= rank(current.status) ? next : current;
}

export function appendChunk(chunks: OutputChunk[], chunk: OutputChunk): OutputChunk[] {
  const last = chunks[chunks.length - 1];
  if (last && last.stream === chunk.stream) {
    return [...chunks.slice(0, -1), { stream: last.stream, text: last.text + chunk.text }];
  }
  return [...chunks, { stream: chunk.stream, text: chunk.text }];
}

/** All output as plain text, for copying. */
export function outputText(chunks: readonly OutputChunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}
