import { openEventStream, type SocketFactory } from './socketStream';

/** `connecting`: opening or reopening; `live`: open; `polling`: refused before it ever opened, the page reads on a timer. */
export type FollowStatus = 'connecting' | 'live' | 'polling';

/** Reconnection after a dropped socket: 1 s, 2 s, 4 s … up to 30 s; a socket that opened again starts over. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** While the socket is refused, it is tried again this often (and the page polls meanwhile). */
export const RETRY_REFUSED_MS = 15_000;

export interface FollowHandlers<M> {
  onStatus: (status: FollowStatus) => void;
  /** The socket (re)opened: what was sent while it was down is not replayed by push-only streams. */
  onOpen?: () => void;
  onMessage: (message: M) => void;
}

/**
 * Follows a push-only WebSocket (the runs list, the alert stream) until stopped. Once a socket has opened, every close
 * is followed by another try after `reconnectDelay` (reported `connecting`): the server is restarting or dropped a slow
 * client. A socket refused before any has opened (an older server, a proxy without WebSockets) is reported `polling`
 * and tried again every 15 s; a retry while polling stays `polling` until a socket really opens, since the page keeps
 * reading meanwhile. Returns the function that stops following.
 */
export function followSocket<M>(
  url: string,
  parse: (raw: string) => M | null,
  handlers: FollowHandlers<M>,
  createSocket?: SocketFactory,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis,
): () => void {
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let drops = 0;
  let polling = false;
  let everOpened = false;
  const open = () => {
    if (!polling) handlers.onStatus('connecting');
    stop = openEventStream(
      url,
      { parse, isFinal: () => false },
      {
        onOpen: () => {
          everOpened = true;
          drops = 0;
          polling = false;
          handlers.onStatus('live');
          handlers.onOpen?.();
        },
        onEvent: (message) => handlers.onMessage(message),
        onClose: () => {
          if (stopped) return;
          if (everOpened) {
            drops += 1;
            handlers.onStatus('connecting');
            timer = timers.setTimeout(open, reconnectDelay(drops));
          } else {
            polling = true;
            handlers.onStatus('polling');
            timer = timers.setTimeout(open, RETRY_REFUSED_MS);
          }
        },
      },
      createSocket,
    );
  };
  open();
  return () => {
    stopped = true;
    stop?.();
    if (timer !== undefined) timers.clearTimeout(timer);
  };
}
