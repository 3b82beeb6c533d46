import { parseAlertStreamMessage } from './monitoringClient';
import type { AlertEvent } from './monitoringTypes';
import { followSocket, type FollowStatus } from './followSocket';
import type { SocketFactory } from './socketStream';

export type AlertStreamStatus = FollowStatus;

export interface AlertStreamHandlers {
  onStatus: (status: AlertStreamStatus) => void;
  /**
   * Every alert event, and null whenever the socket (re)opens: the stream does not replay what was appended while it
   * was down, so a (re)connection means "read again".
   */
  onEvent: (event: AlertEvent | null) => void;
}

/**
 * Follows `/alerts/stream` for as long as the page wants it, reconnecting as `followSocket` does (`polling` while the
 * socket is refused, so the page refreshes on a timer instead). Returns the function that stops following.
 */
export function followAlertStream(url: string, handlers: AlertStreamHandlers, createSocket?: SocketFactory, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): () => void {
  return followSocket(url, parseAlertStreamMessage, { onStatus: handlers.onStatus, onOpen: () => handlers.onEvent(null), onMessage: handlers.onEvent }, createSocket, timers);
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
