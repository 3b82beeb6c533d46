import { useEffect, useMemo, useRef, useState } from 'react';
import { MonitoringClient, parseAlertStreamMessage } from '../../api/monitoringClient';
import type { AlertEvent } from '../../api/monitoringTypes';
import { openEventStream, type SocketFactory } from '../../api/socketStream';
import { useSession } from '../../app/context';

export type AlertStreamStatus = 'connecting' | 'live' | 'polling';

/** After a drop, how long before the socket is opened again; a socket refused before it opened waits longer. */
export const REOPEN_AFTER_DROP_MS = 2000;
export const REOPEN_AFTER_REFUSAL_MS = 15_000;

/**
 * Follows `/alerts/stream`: `onEvent` for every alert event, and once more (with null) whenever the socket (re)opens,
 * since events sent while it was down are not replayed. The status is `polling` while the socket is refused, so the
 * page can fall back to refreshing on a timer.
 */
export function useAlertStream(onEvent: (event: AlertEvent | null) => void, createSocket?: SocketFactory): AlertStreamStatus {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [status, setStatus] = useState<AlertStreamStatus>('connecting');

  useEffect(() => {
    let stop: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      let opened = false;
      stop = openEventStream(
        monitoring.alertStreamUrl(window.location.origin),
        { parse: parseAlertStreamMessage, isFinal: () => false },
        {
          onOpen: () => {
            opened = true;
            setStatus('live');
            handler.current(null);
          },
          onEvent: (event) => handler.current(event),
          onClose: () => {
            if (stopped) return;
            setStatus(opened ? 'connecting' : 'polling');
            timer = setTimeout(open, opened ? REOPEN_AFTER_DROP_MS : REOPEN_AFTER_REFUSAL_MS);
          },
        },
        createSocket,
      );
    };
    open();
    return () => {
      stopped = true;
      stop?.();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [monitoring, createSocket]);
  return status;
}
