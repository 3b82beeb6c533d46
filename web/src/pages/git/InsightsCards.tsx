import type { CommitFrequency, Contribution, FileHotspot, HistoryAnalysis } from '../../api/gitTypes';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { formatCount } from './gitText';

const TOP_HOTSPOTS = 10;

/** The files changed most and most heavily (score = commits × churn), as bars relative to the top one. */
export function HotspotsCard({ analysis }: { analysis: HistoryAnalysis }) {
  const top: FileHotspot[] = analysis.hotspots.slice(0, TOP_HOTSPOTS);
  const max = Math.max(1, ...top.map((hotspot) => hotspot.score));
  return (
    <section className="card" data-testid="git-hotspots">
      <div className="card-header">
        <h2>Hotspots</h2>
        <span className="muted small">
          {formatCount(analysis.commits)} commits{analysis.mergeCommits > 0 ? ` (${analysis.mergeCommits} merges)` : ''}
        </span>
      </div>
      {top.length === 0 ? (
        <p className="empty">No file changes in this history.</p>
      ) : (
        <ol className="git-bars" aria-label="Files by hotspot score">
          {top.map((hotspot) => (
            <li key={hotspot.path} className="git-bar-row" data-testid="git-hotspot">
              <span className={`git-bar-label mono${hotspot.existsAtTip === false ? ' git-gone' : ''}`} title={hotspot.existsAtTip === false ? `${hotspot.path} (no longer in HEAD)` : hotspot.path}>
                {hotspot.path}
              </span>
              <span className="git-bar-track">
                <span className="git-bar" style={{ width: `${Math.max(2, (hotspot.score / max) * 100)}%` }} />
              </span>
              <span className="git-bar-value small" title={`${hotspot.commits} commits × ${hotspot.churn} lines changed (+${hotspot.linesAdded} −${hotspot.linesRemoved})`}>
                {formatCount(hotspot.score)} <span className="muted">· {hotspot.commits}×{hotspot.churn}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <h3 className="git-subheading">Commits per week</h3>
      <FrequencyChart frequency={analysis.frequency} />
    </section>
  );
}

const CHART_HEIGHT = 120;

/** Commits per bucket as columns; empty buckets are in the server's series too, so gaps show as gaps. */
export function FrequencyChart({ frequency }: { frequency: CommitFrequency[] }) {
  if (frequency.length === 0) return <p className="empty">No commits in this range.</p>;
  const max = Math.max(1, ...frequency.map((bucket) => bucket.commits));
  // At least a dozen columns' room, so a short history shows a few narrow bars rather than one wide slab.
  const column = 18;
  const width = Math.max(frequency.length, 12) * column;
  const first = frequency[0];
  const last = frequency[frequency.length - 1];
  return (
    <figure className="git-frequency" data-testid="git-frequency">
      <svg viewBox={`0 0 ${width} ${CHART_HEIGHT}`} preserveAspectRatio="none" width="100%" height={CHART_HEIGHT} role="img" aria-label="Commits per week">
        <line x1={0} x2={width} y1={CHART_HEIGHT - 0.5} y2={CHART_HEIGHT - 0.5} stroke="var(--border-strong)" />
        {frequency.map((bucket, index) => {
          const height = (bucket.commits / max) * (CHART_HEIGHT - 8);
          return (
            <rect key={bucket.start} x={index * column + column * 0.15} width={column * 0.7} y={CHART_HEIGHT - height} height={height} fill="var(--brand)" rx={2}>
              <title>{`${formatTimestamp(bucket.start)}: ${bucket.commits} commits by ${bucket.authors} author${bucket.authors === 1 ? '' : 's'}, +${bucket.linesAdded} −${bucket.linesRemoved}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="git-frequency-axis muted small">
        <span>{first ? new Date(first.start).toLocaleDateString() : ''}</span>
        <span>peak {max} commits</span>
        <span>{last ? new Date(last.start).toLocaleDateString() : ''}</span>
      </figcaption>
    </figure>
  );
}

/** Per person: commits, lines, files, reviews and activity, most commits first. */
export function ContributorsCard({ contributors }: { contributors: Contribution[] }) {
  const ordered = [...contributors].sort((a, b) => b.commits - a.commits || a.name.localeCompare(b.name));
  return (
    <section className="card card-flush" data-testid="git-contributors">
      <div className="card-header git-card-header">
        <h2>Contributors</h2>
        <span className="muted small">{ordered.length === 1 ? '1 person' : `${ordered.length} people`}</span>
      </div>
      {ordered.length === 0 ? (
        <p className="empty">No commits yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Author</th>
                <th scope="col" className="num">Commits</th>
                <th scope="col" className="num">Lines</th>
                <th scope="col" className="num">Files</th>
                <th scope="col" className="num">Reviews</th>
                <th scope="col">Active</th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((person) => (
                <tr key={person.email || person.name} data-testid="git-contributor">
                  <td>
                    <div className="strong">{person.name}</div>
                    <div className="muted small">{person.email}</div>
                  </td>
                  <td className="num">
                    {person.commits}
                    {person.mergeCommits > 0 && <span className="muted small"> +{person.mergeCommits} merges</span>}
                  </td>
                  <td className="num nowrap">
                    <span className="git-added">+{formatCount(person.linesAdded)}</span> <span className="text-red">−{formatCount(person.linesRemoved)}</span>
                  </td>
                  <td className="num">{person.filesTouched}</td>
                  <td className="num">{person.reviews}</td>
                  <td className="small nowrap" title={`${formatTimestamp(person.firstActivity)} – ${formatTimestamp(person.lastActivity)}`}>
                    {person.activeDays} day{person.activeDays === 1 ? '' : 's'}, last {formatRelative(person.lastActivity)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
