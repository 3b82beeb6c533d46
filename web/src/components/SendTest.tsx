import { useState } from 'react';
import { messageOf } from '../api/client';
import type { DeliveryResult } from '../api/monitoringTypes';

interface SendTestProps {
  /** Sends the sample and answers how it went (an alert channel's or a test notification rule's test route). */
  send: () => Promise<DeliveryResult>;
  /** Whether the key may send; otherwise the button is disabled with `deniedTitle` as the reason. */
  allowed: boolean;
  deniedTitle: string;
  /** `{testId}` on the button, `{testId}-result` on the outcome. */
  testId: string;
  /** Called after each send, delivered or not (to refresh a list of deliveries, say). */
  onSent?: () => void;
}

/** "Send test": a sample notification now, then the receiver's answer or the error. */
export function SendTest({ send, allowed, deniedTitle, testId, onSent }: SendTestProps) {
  const [result, setResult] = useState<DeliveryResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await send());
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
      onSent?.();
    }
  };
  return (
    <span className="send-test">
      <button type="button" className="button button-small" onClick={() => void run()} disabled={busy || !allowed} title={allowed ? 'Send a sample notification now' : deniedTitle} data-testid={testId}>
        {busy ? 'Sending…' : 'Send test'}
      </button>
      {(result || error) && (
        <span
          className={`send-test-result ${result?.delivered ? 'send-test-ok' : 'send-test-failed'}`}
          role="status"
          data-testid={`${testId}-result`}
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
