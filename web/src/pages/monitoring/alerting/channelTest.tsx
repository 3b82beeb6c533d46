import { useState } from 'react';
import { messageOf } from '../../../api/client';
import type { MonitoringClient } from '../../../api/monitoringClient';
import type { DeliveryResult } from '../../../api/monitoringTypes';
import { VIEWER_TITLE } from './AlertingNav';

/** "Send test": a sample notification through the channel now, then the receiver's answer or the error. */
export function SendTest({ monitoring, channelId, operator }: { monitoring: MonitoringClient; channelId: string; operator: boolean }) {
  const [result, setResult] = useState<DeliveryResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await monitoring.testChannel(channelId));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="send-test">
      <button type="button" className="button button-small" onClick={() => void send()} disabled={busy || !operator} title={operator ? 'Send a sample notification now' : VIEWER_TITLE} data-testid="channel-test">
        {busy ? 'Sending…' : 'Send test'}
      </button>
      {(result || error) && (
        <span
          className={`send-test-result ${result?.delivered ? 'send-test-ok' : 'send-test-failed'}`}
          role="status"
          data-testid="channel-test-result"
          data-delivered={result ? String(result.delivered) : 'false'}
          data-status={result?.responseStatus ?? ''}
        >
          {error
            ? `Not sent: ${error}`
            : result?.delivered
              ? `Delivered${result.responseStatus !== null ? `: the receiver answered ${result.responseStatus}` : ''}${result.attempts > 1 ? ` after ${result.attempts} attempts` : ''}.`
              : `Failed after ${result?.attempts ?? 0} ${result?.attempts === 1 ? 'attempt' : 'attempts'}${result?.responseStatus ? ` (the receiver answered ${result.responseStatus})` : ''}: ${result?.error ?? 'no reason given'}`}
        </span>
      )}
    </span>
  );
}
