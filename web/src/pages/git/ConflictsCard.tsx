import type { ConflictPrediction } from '../../api/gitTypes';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { conflictKindLabel } from './gitText';

/** The predictor's answer, ranked as the server ranks it: conflicting pairs (most files first), then unrelated histories. */
export function ConflictsCard({ prediction }: { prediction: ConflictPrediction }) {
  const conflicting = prediction.pairs.filter((pair) => pair.status === 'conflicting');
  const unrelated = prediction.pairs.filter((pair) => pair.status === 'unrelated-histories');
  const clean = prediction.pairs.length - conflicting.length - unrelated.length;
  return (
    <section className="card" data-testid="git-conflicts">
      <div className="card-header git-card-header-wrap">
        <h2>Predicted conflicts</h2>
        <span className="muted small" data-testid="git-conflicts-summary">
          {prediction.branches.length} active branches · {prediction.pairs.length} pairs · {conflicting.length} conflicting · {clean} clean
        </span>
      </div>
      {prediction.pairs.length === 0 ? (
        <p className="empty">Fewer than two active branches: nothing to check against each other.</p>
      ) : conflicting.length === 0 && unrelated.length === 0 ? (
        <p className="empty" data-testid="git-conflicts-none">
          Every pair merges cleanly{prediction.defaultBranch ? ` (${prediction.defaultBranch} included)` : ''}.
        </p>
      ) : (
        <ol className="git-pairs">
          {[...conflicting, ...unrelated].map((pair) => (
            <li key={`${pair.ours}\u0000${pair.theirs}`} className={`git-pair git-pair-${pair.status}`} data-testid="git-conflict-pair">
              <div className="git-pair-head">
                <span className="mono strong">{pair.theirs}</span>
                <span className="muted"> into </span>
                <span className="mono strong">{pair.ours}</span>
                <span className="muted small git-pair-when" title={formatTimestamp(pair.latestCommitAt)}>
                  {pair.status === 'unrelated-histories' ? 'no common history · ' : `${pair.files.length} file${pair.files.length === 1 ? '' : 's'} · `}
                  {formatRelative(pair.latestCommitAt)}
                </span>
              </div>
              {pair.files.length > 0 && (
                <ul className="git-pair-files">
                  {pair.files.map((file) => (
                    <li key={file.path} title={file.messages.join('\n')}>
                      <span className="mono">{file.path}</span>
                      {file.kinds.map((kind) => (
                        <span key={kind} className="tag tag-muted">
                          {conflictKindLabel(kind)}
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
