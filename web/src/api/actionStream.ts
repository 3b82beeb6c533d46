import type { ActionEvent, ActionView } from './types';

/**
 * Reads one WebSocket message of an action's stream. The server sends everything so far, then each new event,
 * and closes after `finished`. Unknown or malformed messages give null and are skipped, so a newer server
 * adding event types does not break an older dashboard.
 */
export function parseActionEvent(raw: string): ActionEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== 'string' || typeof value.at !== 'string' || !isObject(value.data)) return null;

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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The subset of the browser's WebSocket the stream uses, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface StreamHandlers {
  onOpen?: () => void;
  onEvent: (event: ActionEvent) => void;
  /** The socket closed. `finished` says whether a `finished` event came first (a normal end). */
  onClose: (finished: boolean) => void;
}

/** Opens an action's live stream; call the returned function to stop listening and close the socket. */
export function openActionStream(
  url: string,
  handlers: StreamHandlers,
  createSocket: SocketFactory = (address) => new WebSocket(address),
): () => void {
  let finished = false;
  let stopped = false;
  const socket = createSocket(url);

  socket.onopen = () => {
    if (!stopped) handlers.onOpen?.();
  };
  socket.onmessage = (message) => {
    if (stopped || typeof message.data !== 'string') return;
    const event = parseActionEvent(message.data);
    if (!event) return;
    if (event.type === 'finished') finished = true;
    handlers.onEvent(event);
  };
  // A failed handshake (a 401 or 404 answers before the upgrade) shows only as error then close; close reports it.
  socket.onerror = () => undefined;
  socket.onclose = () => {
    if (stopped) return;
    stopped = true;
    handlers.onClose(finished);
  };

  return () => {
    if (stopped) return;
    stopped = true;
    socket.close(1000, 'page left');
  };
}
