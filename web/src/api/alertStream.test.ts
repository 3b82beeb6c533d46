import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../testing/FakeSocket';
import { followAlertStream, SharedAlertStream, type AlertStreamStatus } from './alertStream';
import { reconnectDelay, RETRY_REFUSED_MS } from './followSocket';
import type { AlertEvent } from './monitoringTypes';

const event: AlertEvent = { id: 3, alertId: 'alert_1', ruleId: 'rule_1', at: '2026-11-25T10:00:00Z', type: 'acknowledged', from: null, to: null, channel: null, by: 'admin', message: 'on it', value: null };

describe('followAlertStream', () => {
  let sockets: FakeSocket[];
  let statuses: AlertStreamStatus[];
  let events: (AlertEvent | null)[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    statuses = [];
    events = [];
    stop = followAlertStream(
      'ws://lightning.test/api/v2/monitoring/alerts/stream',
      { onStatus: (status) => statuses.push(status), onEvent: (item) => events.push(item) },
      () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      },
    );
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('open_SaysLiveAndAsksForARead_ThenDeliversEvents_SkippingOthers', () => {
    sockets[0]?.open();
    sockets[0]?.receive({ type: 'alert', event });
    sockets[0]?.receive({ type: 'something-newer', event });
    expect(statuses).toEqual(['connecting', 'live']);
    expect(events).toEqual([null, event]);
  });

  it('aDrop_ReopensAfterASecond_AndReadsAgainOnReopening', () => {
    sockets[0]?.open();
    sockets[0]?.drop();
    expect(statuses.at(-1)).toBe('connecting');
    vi.advanceTimersByTime(reconnectDelay(1) - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]?.open();
    expect(events).toEqual([null, null]);
    expect(statuses.at(-1)).toBe('live');
  });

  it('aRefusal_MeansPolling_AndATryAgainLater', () => {
    sockets[0]?.drop();
    expect(statuses).toEqual(['connecting', 'polling']);
    vi.advanceTimersByTime(reconnectDelay(1));
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(RETRY_REFUSED_MS - reconnectDelay(1));
    expect(sockets).toHaveLength(2);
  });

  it('stop_ClosesTheSocket_AndCancelsAPendingReopen', () => {
    sockets[0]?.open();
    sockets[0]?.drop();
    stop();
    vi.advanceTimersByTime(RETRY_REFUSED_MS);
    expect(sockets).toHaveLength(1);

    const again = followAlertStream('ws://x', { onStatus: () => undefined, onEvent: () => undefined }, () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    });
    again();
    expect(sockets[1]?.closed).toBe(true);
  });
});

describe('SharedAlertStream', () => {
  it('oneSocketForEveryListener_OpenedForTheFirst_ClosedAfterTheLast', () => {
    const sockets: FakeSocket[] = [];
    const shared = new SharedAlertStream('ws://x', () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    });
    const seen: string[] = [];
    const leaveA = shared.subscribe({ onStatus: (status) => seen.push(`a:${status}`), onEvent: (item) => seen.push(`a:${item?.type ?? 'read'}`) });
    sockets[0]?.open();
    const leaveB = shared.subscribe({ onStatus: (status) => seen.push(`b:${status}`), onEvent: (item) => seen.push(`b:${item?.type ?? 'read'}`) });
    sockets[0]?.receive({ type: 'alert', event });
    expect(sockets).toHaveLength(1);
    expect(seen).toEqual(['a:connecting', 'a:live', 'a:read', 'b:live', 'a:acknowledged', 'b:acknowledged']);

    leaveA();
    expect(sockets[0]?.closed).toBe(false);
    leaveB();
    expect(sockets[0]?.closed).toBe(true);
    expect(shared.listeners).toBe(0);

    // A later listener opens a new socket.
    const leaveC = shared.subscribe({ onEvent: () => undefined });
    expect(sockets).toHaveLength(2);
    leaveC();
  });
});
