/** A node of the dependency graph, placed: `layer` is its dependency depth, `row` its place within the layer. */
export interface GraphNode {
  id: string;
  layer: number;
  row: number;
  x: number;
  y: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  padding: number;
}

export const defaultLayoutOptions: LayoutOptions = { nodeWidth: 168, nodeHeight: 48, columnGap: 56, rowGap: 16, padding: 8 };

/**
 * Lays a plan out left to right: a subtask's layer is one more than its deepest dependency (roots at 0), and within
 * a layer subtasks keep the plan's order. Dependencies on unknown ids are ignored, and a cycle (which the server
 * refuses anyway) cannot loop: a subtask on a cycle is placed once its known depth is settled.
 */
export function layoutGraph(subtasks: readonly { id: string; dependsOn: readonly string[] }[], options: LayoutOptions = defaultLayoutOptions): GraphLayout {
  const known = new Map(subtasks.map((s) => [s.id, s] as const));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();

  const depthOf = (id: string): number => {
    const cached = depth.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const subtask = known.get(id);
    let value = 0;
    for (const dependency of subtask?.dependsOn ?? []) {
      if (known.has(dependency)) value = Math.max(value, depthOf(dependency) + 1);
    }
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };

  const rows: number[] = [];
  const { nodeWidth, nodeHeight, columnGap, rowGap, padding } = options;
  const nodes: GraphNode[] = subtasks.map((s) => {
    const layer = depthOf(s.id);
    const row = rows[layer] ?? 0;
    rows[layer] = row + 1;
    return { id: s.id, layer, row, x: padding + layer * (nodeWidth + columnGap), y: padding + row * (nodeHeight + rowGap) };
  });

  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const edges: GraphEdge[] = [];
  for (const s of subtasks) {
    const to = byId.get(s.id);
    for (const dependency of s.dependsOn) {
      const from = byId.get(dependency);
      if (!from || !to) continue;
      edges.push({ from: from.id, to: to.id, x1: from.x + nodeWidth, y1: from.y + nodeHeight / 2, x2: to.x, y2: to.y + nodeHeight / 2 });
    }
  }

  const layers = rows.length;
  const tallest = Math.max(0, ...rows);
  return {
    nodes,
    edges,
    width: layers === 0 ? 0 : padding * 2 + layers * nodeWidth + (layers - 1) * columnGap,
    height: tallest === 0 ? 0 : padding * 2 + tallest * nodeHeight + (tallest - 1) * rowGap,
  };
}
