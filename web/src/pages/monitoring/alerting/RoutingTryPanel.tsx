import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import type { MonitoringClient } from '../../../api/monitoringClient';
import type { RoutingTestResult } from '../../../api/monitoringTypes';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { parseLabels, parseRouting } from '../../../lib/alertSilences';

interface RoutingTryPanelProps {
  monitoring: MonitoringClient;
  /** The editor's text: tried as a draft (checked by the server, not saved) when it differs from the stored document. */
  text: string;
  stored: string;
}

/**
 * "Where would it go?": labels of an alert one has in mind, tried against the routing (the edits above when there
 * are any, else the stored document). Lists the routes reached with their channels, grouping and timings, and the
 * silences and firing alerts that would mute it. Viewers may try too: it changes nothing.
 */
export function RoutingTryPanel({ monitoring, text, stored }: RoutingTryPanelProps) {
  const [labelsText, setLabelsText] = useState('alertname=HighCpu\nseverity=critical');
  const [result, setResult] = useState<RoutingTestResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const edited = text !== stored;

  const tryLabels = async (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const { labels, error: labelsError } = parseLabels(labelsText);
    if (!labels) {
      setError(labelsError ?? 'Not labels.');
      return;
    }
    let draft: Record<string, unknown> | undefined;
    if (edited) {
      const parsed = parseRouting(text);
      if (!parsed.document) {
        setError(`The edits above are not a routing document yet: ${parsed.error ?? 'not JSON'}`);
        return;
      }
      draft = parsed.document;
    }
    setError(undefined);
    setBusy(true);
    try {
      setResult(await monitoring.testRouting(labels, draft));
    } catch (caught) {
      const details = caught instanceof ApiError ? Object.entries(caught.fieldErrors).map(([path, messages]) => `${path}: ${messages.join(' ')}`) : [];
      setError(details.length > 0 ? `The edits above would be refused: ${details.join('; ')}` : messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form routing-try" onSubmit={tryLabels} noValidate data-testid="routing-try">
      <h2>Where would it go?</h2>
      <p className="muted small">
        An alert's labels, one <code>name=value</code> per line, tried against {edited ? 'the edits above (not saved)' : 'the saved routing'}.
      </p>
      <label htmlFor="routing-try-labels" className="field-label">
        Labels
      </label>
      <textarea id="routing-try-labels" className="mono" rows={4} value={labelsText} onChange={(event) => setLabelsText(event.target.value)} spellCheck={false} data-testid="routing-try-labels" />
      <ErrorBanner message={error} testId="routing-try-error" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} data-testid="routing-try-submit">
          {busy ? 'Trying…' : 'Try these labels'}
        </button>
      </div>
      {result && <RoutingTryResult result={result} />}
    </form>
  );
}

function RoutingTryResult({ result }: { result: RoutingTestResult }) {
  const muted = result.silencedBy.length > 0 || result.inhibitedBy.length > 0;
  return (
    <div className="routing-try-result" data-testid="routing-try-result" data-delivered={String(result.delivered)} data-source={result.source}>
      <p className={result.delivered ? 'routing-verdict' : 'routing-verdict routing-verdict-muted'} data-testid="routing-try-verdict">
        {result.delivered
          ? `Delivered through ${result.routes.length === 1 ? 'one route' : `${result.routes.length} routes`}${result.source === 'draft' ? ' (with the edits)' : ''}.`
          : muted
            ? 'Not delivered now: muted.'
            : 'Not delivered: no route it reaches names a channel that exists.'}
      </p>
      <ol className="routing-try-routes">
        {result.routes.map((route) => (
          <li key={route.path} data-testid="routing-try-route" data-path={route.path}>
            <code>{route.path}</code> →{' '}
            {route.channels.length === 0 ? (
              <span className="muted">no channel</span>
            ) : (
              route.channels.map((channel, index) => (
                <span key={channel.id} data-testid="routing-try-channel" data-exists={String(channel.exists)}>
                  {index > 0 && ', '}
                  {channel.exists ? (
                    <strong>{channel.name}</strong>
                  ) : (
                    <span className="routing-missing" title="No channel has this id any more">
                      {channel.id} (missing)
                    </span>
                  )}
                  {channel.type && <span className="muted"> ({channel.type})</span>}
                </span>
              ))
            )}
            <div className="muted small">
              grouped by {route.groupBy.join(', ') || 'nothing'}
              {Object.keys(route.groupLabels).length > 0 && ` (${Object.entries(route.groupLabels).map(([key, value]) => `${key}=${value}`).join(', ')})`}; wait {route.groupWait}, then
              every {route.groupInterval} on change, repeat every {route.repeatInterval}
              {route.escalation && `; escalation ${route.escalation}`}
            </div>
          </li>
        ))}
      </ol>
      {result.silencedBy.map((silence) => (
        <p key={silence.id} className="muted" data-testid="routing-try-silenced">
          Silenced by {silence.createdBy}: “{silence.comment}” until {new Date(silence.endsAt).toLocaleString()}.
        </p>
      ))}
      {result.inhibitedBy.length > 0 && (
        <p className="muted" data-testid="routing-try-inhibited">
          Inhibited by {result.inhibitedBy.length === 1 ? 'a firing alert' : `${result.inhibitedBy.length} firing alerts`}: {result.inhibitedBy.join(', ')}.
        </p>
      )}
    </div>
  );
}
