import { isObject, openEventStream, parseJsonObject, type EventStreamHandlers, type SocketFactory } from './socketStream';
import type { ActionEvent, ActionView } from './types';

export type { SocketFactory, SocketLike } from './socketStream';

/**
 * Reads one WebSocket message of an action's stream. The server sends everything so far, then each new event,
 * and closes after `finished`. Unknown or malformed messages give null and are skipped, so a newer server
 * adding event types does not break an older dashboard.
 */
export function parseActionEvent(raw: string): ActionEvent | null {
  const value = parseJsonObject(raw);
  if (!value || typeof value.type !== 'string' || typeof value.at !== 'string' || !isObject(value.data)) return null;

  const { type, at, data } = value;
  switch (type) {
    case 'output':
      if ((data.stream === 'stdout' || data.stream === 'stderr') && typeof data.text === 'string') {
        return { type, at, data: { stream: data.stream, text: data.text } };
      }
      return null;
    case 'status':
    case 'finished':
      return typeof data.id === 'string' && typeof data.status === 'string' ? { type, at, data: data as unknown as ActionView } : null;
    default:
      return null;
  }
}

export type StreamHandlers = EventStreamHandlers<ActionEvent>;

/** Opens an action's live stream; call the returned function to stop listening and close the socket. */
export function openActionStream(url: string, handlers: StreamHandlers, createSocket?: SocketFactory): () => void {
  return openEventStream(url, { parse: parseActionEvent, isFinal: (event) => event.type === 'finished' }, handlers, createSocket);
}
