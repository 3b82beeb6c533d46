import { useMemo, useState } from 'react';
import { messageOf } from '../../../api/client';
import { MonitoringClient } from '../../../api/monitoringClient';
import type { AlertView, Silence } from '../../../api/monitoringTypes';
import { useSession } from '../../../app/context';
import { Link, navigate } from '../../../app/router';
import { canOperate } from '../../../app/session';
import { useResource } from '../../../app/useResource';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { matcherText, mutedBy, silenceState } from '../../../lib/alertSilences';
import { MonitoringTabs } from '../MonitoringTabs';
import { AlertingNav, VIEWER_TITLE, WriteLink } from './AlertingNav';
import '../monitoring.css';

/**
 * /monitoring/alerts/silences: the silences (active and pending; ended ones too on the toggle) with their matchers,
 * window, creator, comment and how many current alerts each mutes; operators add, edit and expire them.
 */
export function SilencesPage({ expired }: { expired: boolean }) {
  const { client, caller } = useSession();
  const monitoring = useMemo(() => new MonitoringClient(client), [client]);
  const operator = canOperate(caller.role);
  const silences = useResource((signal) => monitoring.listSilences(expired, signal), [monitoring, expired], 10_000);
  // The active alerts (the dispatcher mutes firing, no-data and error ones), to count what each silence mutes.
  const alerts = useResource((signal) => monitoring.listAlerts(undefined, signal, { limit: 1000 }), [monitoring], 10_000);
  const [expiring, setExpiring] = useState<Silence>();
  const [busy, setBusy] = useState(false);
  const [expireError, setExpireError] = useState<string>();
  const now = Date.now();

  const expire = async () => {
    if (!expiring) return;
    setBusy(true);
    try {
      await monitoring.expireSilence(expiring.id);
      setExpiring(undefined);
      setExpireError(undefined);
      silences.reload();
    } catch (error) {
      setExpireError(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Silences"
        subtitle="A silence mutes the notifications of the alerts its matchers match for a while. The alerts still change state and are recorded."
        actions={
          <WriteLink href="/monitoring/alerts/silences/new" operator={operator} className="button button-primary" testId="silence-new">
            New silence
          </WriteLink>
        }
      />
      <MonitoringTabs current="alerts" />
      <AlertingNav current="silences" />
      <div className="alerts-bar">
        <label className="checkbox-line">
          <input
            type="checkbox"
            checked={expired}
            onChange={(event) => navigate(`/monitoring/alerts/silences${event.target.checked ? '?expired=1' : ''}`, { replace: true })}
            data-testid="silences-expired"
          />{' '}
          Show ended silences
        </label>
      </div>
      <ErrorBanner message={silences.error?.message} onRetry={silences.reload} />
      {silences.loading && !silences.data && <Loading />}
      {silences.data && silences.data.length === 0 && <p className="muted card">{expired ? 'No silence yet.' : 'No active or pending silence.'}</p>}
      <ul className="alert-list" data-testid="silence-list">
        {(silences.data ?? []).map((silence) => (
          <SilenceItem key={silence.id} silence={silence} alerts={alerts.data?.alerts} now={now} operator={operator} onExpire={() => setExpiring(silence)} />
        ))}
      </ul>
      {expiring && (
        <ConfirmDialog
          title="Expire this silence?"
          confirmLabel="Expire"
          busy={busy}
          error={expireError}
          onConfirm={() => void expire()}
          onCancel={() => {
            setExpiring(undefined);
            setExpireError(undefined);
          }}
        >
          <p>
            It ends now and the alerts it muted (<span className="mono">{matcherText(expiring.matchers)}</span>) notify again. It stays listed among the ended silences.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function SilenceItem({ silence, alerts, now, operator, onExpire }: { silence: Silence; alerts: AlertView[] | undefined; now: number; operator: boolean; onExpire: () => void }) {
  const state = silenceState(silence, now);
  const muted = alerts ? mutedBy(silence, alerts, now) : null;
  return (
    <li className={`card alert-item silence-item silence-${state}`} data-testid="silence-item" data-silence={silence.id} data-state={state} data-muted={muted?.count ?? ''}>
      <div className="alert-head">
        <span className={`badge ${state === 'active' ? 'badge-on' : 'badge-off'}`}>{state === 'expired' ? 'ended' : state}</span>
        <span className="matcher-chips">
          {silence.matchers.map((matcher, index) => (
            <code key={index} className="matcher-chip">
              {matcherText([matcher])}
            </code>
          ))}
        </span>
      </div>
      <div className="muted">
        {state === 'pending' ? 'starts' : 'started'} {when(silence.startsAt)} · {state === 'expired' ? 'ended' : 'ends'} {when(silence.endsAt)} · by {silence.createdBy}
      </div>
      <p className="alert-summary">{silence.comment}</p>
      <div className="silence-foot">
        {state === 'active' && (
          <span data-testid="silence-muted">
            {muted === null ? 'Counting muted alerts…' : muted.count === null ? 'Mutes alerts by a pattern this page cannot check (see each alert\'s history).' : `Mutes ${muted.count} current ${muted.count === 1 ? 'alert' : 'alerts'}.`}
          </span>
        )}
        <span className="rule-actions">
          <Link href={`/monitoring/alerts/silences/${encodeURIComponent(silence.id)}`} className="button button-small" data-testid="silence-edit">
            {operator && state !== 'expired' ? 'Edit' : 'View'}
          </Link>
          {state !== 'expired' && (
            <button type="button" className="button button-small button-danger" onClick={onExpire} disabled={!operator} title={operator ? 'End the silence now' : VIEWER_TITLE} data-testid="silence-expire">
              Expire
            </button>
          )}
        </span>
      </div>
    </li>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}
