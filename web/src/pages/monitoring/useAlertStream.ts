import { useEffect, useMemo, useRef, useState } from 'react';
import { followAlertStream, type AlertStreamStatus } from '../../api/alertStream';
import { MonitoringClient } from '../../api/monitoringClient';
import type { AlertEvent } from '../../api/monitoringTypes';
import { useSession } from '../../app/context';

export type { AlertStreamStatus };

/** The page's end of followAlertStream: `onEvent` for each event (null on each (re)connection), and the status. */
export function useAlertStream(onEvent: (event: AlertEvent | null) => void): AlertStreamStatus {
  const { client } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [status, setStatus] = useState<AlertStreamStatus>('connecting');
  useEffect(
    () => followAlertStream(monitoring.alertStreamUrl(window.location.origin), { onStatus: setStatus, onEvent: (event) => handler.current(event) }),
    [monitoring],
  );
  return status;
}
