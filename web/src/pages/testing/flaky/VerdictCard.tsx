import { Link } from '../../../app/router';
import { hrefOf } from '../../../app/routes';
import { formatRelative, formatTimestamp } from '../../../lib/format';
import { shortSha } from '../testingText';
import { QuarantineBadge } from './QuarantineBadge';
import { KIND_LABELS, SIGNAL_LABELS, STATUS_LABELS, evidenceByWeight, formatScore, type VerdictRow } from './flakyView';

interface VerdictCardProps {
  row: VerdictRow;
  operator: boolean;
  onQuarantine: () => void;
  onRelease: () => void;
}

/** One test's verdict: status, kind, score, counts, when it was last seen, each piece of evidence, and the quarantine actions. */
export function VerdictCard({ row, operator, onQuarantine, onRelease }: VerdictCardProps) {
  const { verdict, quarantine, polluters, lastSeen } = row;
  return (
    <li className="flaky-item" data-testid="flaky-row" data-test-id={verdict.id} data-status={verdict.status} data-quarantined={quarantine ? 'true' : 'false'}>
      <div className="flaky-item-head">
        <span className={`badge flaky-badge-${verdict.status}`} data-testid="flaky-status">
          <span className="badge-dot" aria-hidden="true" />
          {STATUS_LABELS[verdict.status]}
        </span>
        {verdict.status === 'flaky' && <span className="tag">{KIND_LABELS[verdict.kind]}</span>}
        {quarantine && <QuarantineBadge />}
        <Link href={hrefOf({ page: 'test-history', id: verdict.id, repository: verdict.repository })} className="flaky-test-name mono" title="This test's history" data-testid="flaky-history-link">
          {verdict.id}
        </Link>
      </div>
      <div className="flaky-item-meta muted small">
        <span>{verdict.repository}</span>
        {verdict.framework && <span>{verdict.framework}</span>}
        {verdict.file && <span className="mono">{verdict.file}</span>}
        <span>
          score <strong className="flaky-score">{formatScore(verdict.score)}</strong>
        </span>
        {verdict.runs > 0 && (
          <span>
            {verdict.failures > 0 ? `failed ${verdict.failures} of ${verdict.runs} run${verdict.runs === 1 ? '' : 's'}` : `passed its ${verdict.runs} recorded run${verdict.runs === 1 ? '' : 's'}`}
          </span>
        )}
        {verdict.reruns > 0 && <span>{verdict.reruns} rerun{verdict.reruns === 1 ? '' : 's'}</span>}
        {lastSeen && (
          <span title={formatTimestamp(lastSeen)} data-testid="flaky-last-seen">
            last seen {formatRelative(lastSeen)}
          </span>
        )}
      </div>
      {verdict.summary && <p className="flaky-summary">{verdict.summary}</p>}
      {polluters.length > 0 && (
        <p className="flaky-polluter" data-testid="flaky-polluter">
          Fails when it runs after{' '}
          {polluters.map((name, index) => (
            <span key={name}>
              {index > 0 && ', '}
              <code className="mono">{name}</code>
            </span>
          ))}
        </p>
      )}
      {verdict.evidence.length > 0 && (
        <ul className="flaky-evidence" aria-label="Evidence" data-testid="flaky-evidence">
          {evidenceByWeight(verdict.evidence).map((evidence, index) => (
            <li key={`${evidence.signal}-${index}`} data-signal={evidence.signal}>
              <div className="flaky-evidence-head">
                <strong>{SIGNAL_LABELS[evidence.signal] ?? evidence.signal}</strong>
                <span className="muted small">weight {evidence.weight.toFixed(2)}</span>
                {evidence.at && (
                  <span className="muted small" title={formatTimestamp(evidence.at)}>
                    {formatRelative(evidence.at)}
                  </span>
                )}
              </div>
              <p className="flaky-evidence-detail">{evidence.detail}</p>
              {(evidence.runs.length > 0 || evidence.commits.length > 0 || evidence.attempts.length > 0) && (
                <div className="flaky-evidence-refs small">
                  {evidence.runs.map((run) => (
                    <Link key={run} href={hrefOf({ page: 'test-run', id: run })} className="mono" data-testid="flaky-evidence-run">
                      {run.length > 14 ? `${run.slice(0, 14)}…` : run}
                    </Link>
                  ))}
                  {evidence.commits.map((commit) => (
                    <span key={commit} className="mono muted" title={commit}>
                      @{shortSha(commit)}
                    </span>
                  ))}
                  {evidence.attempts.length > 0 && <span className="muted">attempts: {evidence.attempts.join(' → ')}</span>}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {quarantine && (
        <p className="flaky-quarantine-note small">
          Quarantined by <strong>{quarantine.quarantinedBy}</strong> {formatRelative(quarantine.quarantinedAt)}
          {quarantine.expiresAt ? `, until ${formatTimestamp(quarantine.expiresAt)}` : ''}: {quarantine.reason}
        </p>
      )}
      {operator && (
        <div className="flaky-item-actions">
          {quarantine ? (
            <button type="button" className="button button-small" onClick={onRelease} data-testid="flaky-row-release">
              Release
            </button>
          ) : (
            <button type="button" className="button button-small" onClick={onQuarantine} data-testid="flaky-row-quarantine">
              Quarantine
            </button>
          )}
        </div>
      )}
    </li>
  );
}
