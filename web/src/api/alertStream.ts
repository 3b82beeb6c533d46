import { parseAlertStreamMessage } from './monitoringClient';
import type { AlertEvent } from './monitoringTypes';
import { openEventStream, type SocketFactory } from './socketStream';

export type AlertStreamStatus = 'connecting' | 'live' | 'polling';

/** After a drop, how long before the socket is opened again; a socket refused before it opened waits longer. */
export const REOPEN_AFTER_DROP_MS = 2000;
export const REOPEN_AFTER_REFUSAL_MS = 15_000;

export interface AlertStreamHandlers {
  onStatus: (status: AlertStreamStatus) => void;
  /**
   * Every alert event, and null whenever the socket (re)opens: the stream does not replay what was appended while it
   * was down, so a (re)connection means "read again".
   */
  onEvent: (event: AlertEvent | null) => void;
}

/**
 * Follows `/alerts/stream` for as long as the page wants it: reopens a dropped socket after 2 s and a refused one
 * (closed before it opened: an older server, a proxy without WebSocket) after 15 s, reporting `polling` meanwhile so
 * the page refreshes on a timer instead. Returns the function that stops following.
 */
export function followAlertStream(url: string, handlers: AlertStreamHandlers, createSocket?: SocketFactory, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): () => void {
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const open = () => {
    let opened = false;
    handlers.onStatus('connecting');
    stop = openEventStream(
      url,
      { parse: parseAlertStreamMessage, isFinal: () => false },
      {
        onOpen: () => {
          opened = true;
          handlers.onStatus('live');
          handlers.onEvent(null);
        },
        onEvent: (event) => handlers.onEvent(event),
        onClose: () => {
          if (stopped) return;
          handlers.onStatus(opened ? 'connecting' : 'polling');
          timer = timers.setTimeout(open, opened ? REOPEN_AFTER_DROP_MS : REOPEN_AFTER_REFUSAL_MS);
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

export interface AlertStreamListener {
  onStatus?: (status: AlertStreamStatus) => void;
  onEvent: (event: AlertEvent | null) => void;
}

/**
 * One `/alerts/stream` socket shared by every listener on a page (the alerts page and each chart's alert bands):
 * opened for the first listener, closed after the last. A listener that joins an open socket is told its status at
 * once; the null "read again" comes only with a real (re)connection (a joiner has just read anyway).
 */
export class SharedAlertStream {
  readonly #url: string;
  readonly #createSocket: SocketFactory | undefined;
  readonly #listeners = new Set<AlertStreamListener>();
  #stop: (() => void) | undefined;
  #status: AlertStreamStatus = 'connecting';

  constructor(url: string, createSocket?: SocketFactory) {
    this.#url = url;
    this.#createSocket = createSocket;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  subscribe(listener: AlertStreamListener): () => void {
    this.#listeners.add(listener);
    if (this.#stop === undefined) {
      this.#stop = followAlertStream(
        this.#url,
        {
          onStatus: (status) => {
            this.#status = status;
            for (const each of [...this.#listeners]) each.onStatus?.(status);
          },
          onEvent: (event) => {
            for (const each of [...this.#listeners]) each.onEvent(event);
          },
        },
        this.#createSocket,
      );
    } else {
      listener.onStatus?.(this.#status);
    }
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#stop?.();
      this.#stop = undefined;
      this.#status = 'connecting';
    };
  }
}
