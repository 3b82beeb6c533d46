/** The subset of the browser's WebSocket the streams use, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface EventStreamHandlers<E> {
  onOpen?: () => void;
  onEvent: (event: E) => void;
  /** The socket closed. `finished` says whether the final event came first (a normal end). */
  onClose: (finished: boolean) => void;
}

export interface EventStreamOptions<E> {
  /** Reads one message; null skips it (unknown or malformed), so a newer server does not break an older dashboard. */
  parse: (raw: string) => E | null;
  /** Whether an event is the last one the server sends before closing. */
  isFinal: (event: E) => boolean;
}

/**
 * Opens a live event stream over a WebSocket (the server replays the past first, then sends each new event, and
 * closes after the final one). Call the returned function to stop listening and close the socket.
 */
export function openEventStream<E>(
  url: string,
  options: EventStreamOptions<E>,
  handlers: EventStreamHandlers<E>,
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
    const event = options.parse(message.data);
    if (event === null) return;
    if (options.isFinal(event)) finished = true;
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

/** Parses JSON and keeps it only when it is a plain object. */
export function parseJsonObject(raw: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  return isObject(value) ? value : null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
