import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../../api/client';
import { MonitoringClient } from '../../../api/monitoringClient';
import { useSession } from '../../../app/context';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { parseRouting, routingText } from '../../../lib/alertSilences';
import { MonitoringTabs } from '../MonitoringTabs';
import { AlertingNav, VIEWER_TITLE } from './AlertingNav';
import { RoutingTryPanel } from './RoutingTryPanel';
import '../monitoring.css';

/**
 * /monitoring/alerts/routing: the routing document (route tree, inhibitions, escalation policies) as JSON, as the API
 * reads and replaces it. The page checks only that it is JSON; the server validates the rest (channels that exist,
 * durations, matchers, policies) and a refused save shows each of its messages with the path it concerns. Below it,
 * "Where would it go?" tries an alert's labels against the edits (or the saved document).
 */
export function AlertRoutingPage() {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const routing = useResource((signal) => monitoring.getRouting(signal), [monitoring]);
  const channels = useResource((signal) => monitoring.listChannels(signal), [monitoring]);
  const [text, setText] = useState<string>();
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (routing.data && text === undefined) setText(routingText(routing.data));
  }, [routing.data, text]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (text === undefined) return;
    setSaved(undefined);
    setProblems([]);
    const { document, error } = parseRouting(text);
    if (!document) {
      setFormError(error ?? 'Not JSON.');
      return;
    }
    setFormError(undefined);
    setBusy(true);
    try {
      const stored = await monitoring.setRouting(document);
      setText(routingText(stored));
      setSaved(`Saved at ${new Date().toLocaleTimeString()}.`);
      routing.reload();
    } catch (caught) {
      const found = caught instanceof ApiError ? Object.entries(caught.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path, message }))) : [];
      // With an errors map, each message is listed under the banner with its path; otherwise the banner says it all.
      setFormError(found.length > 0 ? 'Not saved: the server refused the routing document.' : `Not saved: ${messageOf(caught)}`);
      setProblems(found);
    } finally {
      setBusy(false);
    }
  };

  /** Back to the stored document, messages cleared. */
  const reset = () => {
    if (!routing.data) return;
    setText(routingText(routing.data));
    setProblems([]);
    setFormError(undefined);
    setSaved(undefined);
  };

  const updatedAt = typeof routing.data?.updatedAt === 'string' ? routing.data.updatedAt : null;

  return (
    <>
      <PageHeader
        title="Routing"
        subtitle="Which channels each alert goes to (a tree of routes, first match wins unless a route says continue), how alerts are grouped and repeated, which alerts mute others, and who is told when nobody acknowledges."
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="routing" />
      <ErrorBanner message={routing.error?.message} onRetry={routing.reload} />
      {text === undefined ? (
        routing.error ? null : <Loading />
      ) : (
        <div className="routing-layout">
          <div className="routing-main">
            <form className="card form rule-form" onSubmit={save} noValidate data-testid="routing-form">
              {!operator && (
                <p className="muted" data-testid="routing-read-only">
                  {VIEWER_TITLE}
                </p>
              )}
              {/* Only when there is something to say: an empty block would still take the form's gap. */}
              {(formError || problems.length > 0) && (
                <div className="banner-slot">
                  <ErrorBanner message={formError} testId="routing-error" />
                  {problems.length > 0 && (
                    <ul className="field-errors routing-problems" data-testid="routing-problems">
                      {problems.map((problem, index) => (
                        <li key={index} data-path={problem.path}>
                          <code>{problem.path}</code>: {problem.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              <label htmlFor="routing-json" className="field-label">
                Routing document (JSON){updatedAt ? <span className="muted"> · saved {new Date(updatedAt).toLocaleString()}</span> : <span className="muted"> · never saved: the defaults apply</span>}
              </label>
              <textarea
                id="routing-json"
                className="mono routing-json"
                value={text}
                onChange={(event) => setText(event.target.value)}
                readOnly={!operator}
                spellCheck={false}
                rows={Math.min(40, Math.max(14, text.split('\n').length + 2))}
                aria-invalid={problems.length > 0 || undefined}
                data-testid="routing-json"
              />
              <div className="form-actions">
                {saved && (
                  <span className="muted rule-saved" data-testid="routing-saved">
                    {saved}
                  </span>
                )}
                <button type="button" className="button" onClick={reset} disabled={!operator} title={operator ? 'Throw away the edits' : VIEWER_TITLE} data-testid="routing-reset">
                  Reset
                </button>
                <button type="submit" className="button button-primary" disabled={busy || !operator} title={operator ? undefined : VIEWER_TITLE} data-testid="routing-save">
                  {busy ? 'Saving…' : 'Save routing'}
                </button>
              </div>
            </form>
            <RoutingTryPanel monitoring={monitoring} text={text} stored={routing.data ? routingText(routing.data) : text} />
          </div>
          <aside className="card routing-help">
            <h2>Channels</h2>
            <p className="muted">Routes and escalation steps name channels by id.</p>
            {channels.data && channels.data.length === 0 && <p className="muted">No channel yet: add one under Channels.</p>}
            <ul className="routing-channels" data-testid="routing-channels">
              {(channels.data ?? []).map((channel) => (
                <li key={channel.id}>
                  <strong>{channel.name}</strong> <span className="muted">({channel.type})</span>
                  <br />
                  <code>{channel.id}</code>
                </li>
              ))}
            </ul>
            <h2>Shape</h2>
            <pre className="routing-example">{EXAMPLE}</pre>
          </aside>
        </div>
      )}
    </>
  );
}

// Short lines: the aside is narrow.
const EXAMPLE = `{
  "root": {
    "channels": ["CHANNEL_ID"],
    "groupBy": ["alertname"],
    "groupWait": "5s",
    "groupInterval": "1m",
    "repeatInterval": "4h",
    "escalation": "oncall",
    "routes": [{
      "matchers": [{
        "key": "host",
        "operator": "matches",
        "value": "db-.*"
      }],
      "channels": ["DB_CHANNEL"],
      "continue": true
    }]
  },
  "inhibitions": [{
    "sourceMatchers": [...],
    "targetMatchers": [...],
    "equal": ["host"]
  }],
  "escalations": [{
    "name": "oncall",
    "steps": [{"after": "10m"}]
  }]
}`;
