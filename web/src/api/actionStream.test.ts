import { describe, expect, it } from 'vitest';
import { sampleAction } from '../testing/samples';
import { openActionStream, parseActionEvent, type SocketLike } from './actionStream';
import type { ActionEvent } from './types';

describe('parseActionEvent', () => {
  it('output_IsParsed', () => {
    const event = parseActionEvent(JSON.stringify({ type: 'output', at: '2026-01-01T00:00:00Z', data: { stream: 'stderr', text: 'oops\n' } }));
    expect(event).toEqual({ type: 'output', at: '2026-01-01T00:00:00Z', data: { stream: 'stderr', text: 'oops\n' } });
  });

  it('statusAndFinished_CarryTheAction', () => {
    const action = sampleAction({ status: 'succeeded' });
    expect(parseActionEvent(JSON.stringify({ type: 'finished', at: 'x', data: action }))).toEqual({ type: 'finished', at: 'x', data: action });
    expect(parseActionEvent(JSON.stringify({ type: 'status', at: 'x', data: action }))?.type).toBe('status');
  });

  it.each([
    ['not json', 'nope'],
    ['an array', '[]'],
    ['unknown type', JSON.stringify({ type: 'progress', at: 'x', data: {} })],
    ['output without text', JSON.stringify({ type: 'output', at: 'x', data: { stream: 'stdout' } })],
    ['output of an unknown stream', JSON.stringify({ type: 'output', at: 'x', data: { stream: 'stdlog', text: 'a' } })],
    ['status without an action', JSON.stringify({ type: 'status', at: 'x', data: { foo: 1 } })],
    ['no data', JSON.stringify({ type: 'output', at: 'x' })],
  ])('%s_IsSkipped', (_name, raw) => {
    expect(parseActionEvent(raw)).toBeNull();
  });
});

class FakeSocket implements SocketLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  closed: { code?: number | undefined; reason?: string | undefined } | null = null;

  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }

  open(): void {
    this.onopen?.(new Event('open'));
  }

  send(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent);
  }

  serverClose(): void {
    this.onclose?.({ code: 1000 } as CloseEvent);
  }
}

function open(): { socket: FakeSocket; events: ActionEvent[]; closes: boolean[]; opened: number[]; stop: () => void; url: string[] } {
  const socket = new FakeSocket();
  const events: ActionEvent[] = [];
  const closes: boolean[] = [];
  const opened: number[] = [];
  const url: string[] = [];
  const stop = openActionStream(
    'ws://host/api/v2/actions/act_1/ws?access_token=k',
    { onOpen: () => opened.push(1), onEvent: (event) => events.push(event), onClose: (finished) => closes.push(finished) },
    (address) => {
      url.push(address);
      return socket;
    },
  );
  return { socket, events, closes, opened, stop, url };
}

describe('openActionStream', () => {
  it('eventsThenFinished_ClosesAsFinished', () => {
    const { socket, events, closes, opened, url } = open();
    socket.open();
    socket.send({ type: 'output', at: 'a', data: { stream: 'stdout', text: 'line-1\n' } });
    socket.send('garbage');
    socket.send({ type: 'finished', at: 'b', data: sampleAction({ status: 'succeeded' }) });
    socket.serverClose();
    expect(url).toEqual(['ws://host/api/v2/actions/act_1/ws?access_token=k']);
    expect(opened).toHaveLength(1);
    expect(events.map((event) => event.type)).toEqual(['output', 'finished']);
    expect(closes).toEqual([true]);
  });

  it('closedBeforeFinished_ReportsUnfinished', () => {
    const { socket, closes } = open();
    socket.onerror?.(new Event('error'));
    socket.serverClose();
    expect(closes).toEqual([false]);
  });

  it('stop_ClosesSocketAndSilencesHandlers', () => {
    const { socket, events, closes, stop } = open();
    stop();
    expect(socket.closed?.code).toBe(1000);
    socket.send({ type: 'output', at: 'a', data: { stream: 'stdout', text: 'late' } });
    socket.serverClose();
    expect(events).toHaveLength(0);
    expect(closes).toHaveLength(0);
  });
});
