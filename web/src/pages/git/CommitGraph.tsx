import type { GitBranch, GitCommit, GitTag } from '../../api/gitTypes';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { layoutGraph, type GraphEdge } from './commitGraph';
import { shortSha } from './gitText';

const ROW = 30;
const LANE = 16;
const PAD = 10;
const LANE_COLOURS = ['#4f46e5', '#0891b2', '#c2410c', '#15803d', '#be185d', '#7c3aed', '#b45309', '#0f766e'];

const x = (lane: number) => PAD + lane * LANE;
const y = (row: number) => row * ROW + ROW / 2;
const colour = (lane: number) => LANE_COLOURS[lane % LANE_COLOURS.length] ?? '#4f46e5';

/** The points a parent link passes: down its lane, bending out of the child's lane and into the parent's. */
function edgePath(edge: GraphEdge, rows: number): string {
  const points: [number, number][] = [[x(edge.fromLane), y(edge.fromRow)]];
  if (edge.toRow > edge.fromRow + 1) {
    if (edge.lane !== edge.fromLane) points.push([x(edge.lane), y(edge.fromRow + 1)]);
    if (edge.lane !== edge.toLane) points.push([x(edge.lane), y(edge.toRow - 1)]);
  }
  // A parent beyond the commits shown: the line leaves the picture at the bottom, in its lane.
  points.push([x(edge.toLane), edge.toRow >= rows ? rows * ROW : y(edge.toRow)]);
  return points.map(([px, py], index) => `${index === 0 ? 'M' : 'L'}${px} ${py}`).join(' ');
}

interface CommitGraphProps {
  commits: GitCommit[];
  branches: GitBranch[];
  tags: GitTag[];
}

/** The recent history as lanes with parent links, branch heads and tags beside the commits they point at. */
export function CommitGraph({ commits, branches, tags }: CommitGraphProps) {
  const layout = layoutGraph(commits);
  const width = PAD * 2 + Math.max(layout.lanes - 1, 0) * LANE;
  const height = commits.length * ROW;
  const heads = new Map<string, GitBranch[]>();
  for (const branch of branches) heads.set(branch.sha, [...(heads.get(branch.sha) ?? []), branch]);
  const tagsAt = new Map<string, GitTag[]>();
  for (const tag of tags) tagsAt.set(tag.targetSha, [...(tagsAt.get(tag.targetSha) ?? []), tag]);

  return (
    <div className="git-graph" data-testid="git-graph" style={{ minHeight: height }}>
      <svg className="git-graph-lanes" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
        {layout.edges.map((edge) => (
          <path
            key={`${edge.from}-${edge.to}`}
            d={edgePath(edge, commits.length)}
            stroke={colour(edge.lane)}
            strokeWidth={2}
            fill="none"
            strokeLinejoin="round"
            data-testid="git-graph-edge"
          />
        ))}
        {layout.nodes.map((node) => (
          <circle
            key={node.sha}
            cx={x(node.lane)}
            cy={y(node.row)}
            r={(commits[node.row]?.parents.length ?? 0) > 1 ? 4 : 5}
            fill={(commits[node.row]?.parents.length ?? 0) > 1 ? 'var(--surface)' : colour(node.lane)}
            stroke={colour(node.lane)}
            strokeWidth={2}
            data-testid="git-graph-node"
          />
        ))}
      </svg>
      <ol className="git-graph-rows" style={{ marginLeft: width + 8 }}>
        {commits.map((commit) => (
          <li key={commit.sha} className="git-graph-row" style={{ height: ROW }} data-testid={`git-commit-${shortSha(commit.sha)}`}>
            {(heads.get(commit.sha) ?? []).map((branch) => (
              <span key={branch.canonicalName} className={`git-ref git-ref-branch${branch.isCurrent ? ' git-ref-current' : ''}`} data-testid="git-graph-branch">
                {branch.name}
              </span>
            ))}
            {(tagsAt.get(commit.sha) ?? []).map((tag) => (
              <span key={tag.name} className="git-ref git-ref-tag" data-testid="git-graph-tag">
                {tag.name}
              </span>
            ))}
            <span className="git-graph-subject" title={`${commit.message}\n\n${commit.authorName} <${commit.authorEmail}>, ${formatTimestamp(commit.authorWhen)} · ${commit.sha}`}>
              {commit.subject}
            </span>
            <span className="git-graph-meta muted small">
              {commit.authorName} · <span className="mono">{shortSha(commit.sha)}</span> ·{' '}
              <span title={formatTimestamp(commit.authorWhen)}>{formatRelative(commit.authorWhen)}</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
