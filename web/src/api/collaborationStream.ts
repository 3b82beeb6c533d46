import { isObject, openEventStream, parseJsonObject, type EventStreamHandlers, type SocketFactory } from './socketStream';
import { COLLABORATION_EVENT_TYPES, type CollaborationEvent, type CollaborationEventType } from './types';

/** Reads one message of a collaboration's stream; unknown types and malformed messages give null. */
export function parseCollaborationEvent(raw: string): CollaborationEvent | null {
  const value = parseJsonObject(raw);
  if (!value) return null;
  const { sequence, type, at, subtask, data } = value;
  if (typeof sequence !== 'number' || typeof type !== 'string' || typeof at !== 'string') return null;
  if (!(COLLABORATION_EVENT_TYPES as readonly string[]).includes(type)) return null;
  return {
    sequence,
    type: type as CollaborationEventType,
    at,
    subtask: typeof subtask === 'string' ? subtask : null,
    data: isObject(data) ? data : null,
  };
}

/** Opens a collaboration's live stream (every event from the start, closing after `finished`). */
export function openCollaborationStream(url: string, handlers: EventStreamHandlers<CollaborationEvent>, createSocket?: SocketFactory): () => void {
  return openEventStream(url, { parse: parseCollaborationEvent, isFinal: (event) => event.type === 'finished' }, handlers, createSocket);
}
