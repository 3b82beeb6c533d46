import { useEffect, useMemo, useRef, useState } from 'react';
import { SharedAlertStream, type AlertStreamStatus } from '../../api/alertStream';
import { MonitoringClient } from '../../api/monitoringClient';
import type { AlertEvent } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';

export type { AlertStreamStatus };

// One socket per address (the key rides in it), however many charts and pages listen.
const streams = new Map<string, SharedAlertStream>();

/** Follows `/alerts/stream` through the page's shared socket: `onEvent` for each event (null on each (re)connection). */
export function useAlertStream(onEvent: (event: AlertEvent | null) => void): AlertStreamStatus {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [status, setStatus] = useState<AlertStreamStatus>('connecting');
  useEffect(() => {
    const url = monitoring.alertStreamUrl(window.location.origin);
    let stream = streams.get(url);
    if (!stream) {
      stream = new SharedAlertStream(url);
      streams.set(url, stream);
    }
    const shared = stream;
    const leave = shared.subscribe({ onStatus: setStatus, onEvent: (event) => handler.current(event) });
    return () => {
      leave();
      if (shared.listeners === 0) streams.delete(url);
    };
  }, [monitoring]);
  return status;
}
