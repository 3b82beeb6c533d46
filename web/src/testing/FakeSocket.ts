import type { SocketLike } from '../api/socketStream';

/** A hand-driven WebSocket: the test opens it, sends it messages and drops it. */
export class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  closed = false;
  close(): void {
    this.closed = true;
  }
  open() {
    this.onopen?.({} as Event);
  }
  receive(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) } as MessageEvent);
  }
  drop() {
    this.onclose?.({} as CloseEvent);
  }
}
