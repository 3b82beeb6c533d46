// The commit graph's layout: which lane (column) each commit sits in and how its parent links run, computed from
// `parents` alone, as `git log --graph` does: a commit continues the lane of the child that reserved it (its first
// parent stays in the child's lane, so a branch's mainline is one straight line), merge parents open new lanes, and a
// lane is freed when the commit it waited for is drawn.

/** What the layout needs of a commit; GitCommit fits. */
export interface GraphCommit {
  sha: string;
  parents: readonly string[];
  committerWhen: string;
}

export interface GraphNode {
  sha: string;
  row: number;
  lane: number;
}

/**
 * A parent link from the child at (`fromRow`, `fromLane`) to the parent at (`toRow`, `toLane`), running down `lane`
 * in between. A parent outside the commits shown has `toRow` = the number of rows: the link runs off the bottom.
 */
export interface GraphEdge {
  from: string;
  to: string;
  fromRow: number;
  fromLane: number;
  lane: number;
  toRow: number;
  toLane: number;
  /** The link to the first parent (the child's own line), not a merged-in parent. */
  firstParent: boolean;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Lanes used at once at the widest row. */
  lanes: number;
}

/** Lays out `commits`, which must list every child before its parents (see `mergeLogs`). */
export function layoutGraph(commits: readonly GraphCommit[]): GraphLayout {
  const rows = commits.length;
  const rowOf = new Map<string, number>();
  commits.forEach((commit, row) => rowOf.set(commit.sha, row));

  // lanes[i] is the sha lane i waits for, or null when free.
  const lanes: (string | null)[] = [];
  const nodes: GraphNode[] = [];
  const laneOf = new Map<string, number>();
  // Links waiting for their parent to be placed: parent sha -> the links that end there.
  const pending = new Map<string, Omit<GraphEdge, 'toRow' | 'toLane'>[]>();
  const edges: GraphEdge[] = [];
  let widest = 0;

  const reserve = (sha: string): number => {
    const free = lanes.indexOf(null);
    if (free >= 0) {
      lanes[free] = sha;
      return free;
    }
    lanes.push(sha);
    return lanes.length - 1;
  };

  commits.forEach((commit, row) => {
    // The leftmost lane waiting for this commit takes it; any other lane waiting for it ends here (branches joining).
    let lane = lanes.indexOf(commit.sha);
    if (lane < 0) lane = reserve(commit.sha);
    for (let i = 0; i < lanes.length; i++) if (lanes[i] === commit.sha) lanes[i] = null;
    laneOf.set(commit.sha, lane);
    nodes.push({ sha: commit.sha, row, lane });

    commit.parents.forEach((parent, index) => {
      let parentLane: number;
      const placed = laneOf.get(parent);
      if (placed !== undefined) {
        // The parent is already drawn: the input was not in child-before-parent order. Link straight to it.
        parentLane = placed;
      } else if (index === 0 && lanes[lane] === null) {
        // Even when another lane already waits for this parent: both lines run down to it and join there, so a
        // branch's first-parent line never jumps sideways and no lane is freed while a line still runs in it.
        parentLane = lane;
        lanes[lane] = parent;
      } else {
        const waiting = lanes.indexOf(parent);
        parentLane = waiting >= 0 ? waiting : reserve(parent);
      }
      const edge = { from: commit.sha, to: parent, fromRow: row, fromLane: lane, lane: parentLane, firstParent: index === 0 };
      const parentRow = rowOf.get(parent);
      if (placed !== undefined && parentRow !== undefined) {
        edges.push({ ...edge, toRow: parentRow, toLane: placed });
      } else {
        const list = pending.get(parent) ?? [];
        list.push(edge);
        pending.set(parent, list);
      }
    });

    // Links that waited for this commit end at it.
    const ending = pending.get(commit.sha);
    if (ending) {
      for (const edge of ending) edges.push({ ...edge, toRow: row, toLane: lane });
      pending.delete(commit.sha);
    }

    while (lanes.length > 0 && lanes[lanes.length - 1] === null) lanes.pop();
    widest = Math.max(widest, lanes.length, lane + 1);
  });

  // Parents beyond the commits shown: the link runs down its lane and off the bottom.
  for (const list of pending.values()) for (const edge of list) edges.push({ ...edge, toRow: rows, toLane: edge.lane });

  edges.sort((a, b) => a.fromRow - b.fromRow || a.toRow - b.toRow);
  return { nodes, edges, lanes: widest };
}

/**
 * One history from several logs (one per branch, newest first): every commit once, children before parents, and
 * otherwise newest committer date first, so the graph shows the branches side by side.
 */
export function mergeLogs<T extends GraphCommit>(logs: readonly (readonly T[])[]): T[] {
  const bySha = new Map<string, T>();
  for (const log of logs) for (const commit of log) if (!bySha.has(commit.sha)) bySha.set(commit.sha, commit);

  // Kahn's algorithm over child -> parent links inside the set; ready commits leave newest first.
  const children = new Map<string, number>();
  for (const commit of bySha.values()) children.set(commit.sha, 0);
  for (const commit of bySha.values())
    for (const parent of new Set(commit.parents)) if (children.has(parent)) children.set(parent, (children.get(parent) ?? 0) + 1);

  const time = (commit: T) => Date.parse(commit.committerWhen) || 0;
  const newestFirst = (a: T, b: T) => time(b) - time(a) || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
  const ready = [...bySha.values()].filter((commit) => children.get(commit.sha) === 0);
  const ordered: T[] = [];
  while (ready.length > 0) {
    ready.sort(newestFirst);
    const next = ready.shift() as T;
    ordered.push(next);
    for (const parent of new Set(next.parents)) {
      const left = children.get(parent);
      if (left === undefined) continue;
      children.set(parent, left - 1);
      if (left === 1) ready.push(bySha.get(parent) as T);
    }
  }
  return ordered;
}
