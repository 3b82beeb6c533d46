import type { SubtaskView } from '../../api/types';
import { defaultLayoutOptions, layoutGraph } from '../../lib/collaborationGraph';

const { nodeWidth, nodeHeight } = defaultLayoutOptions;

/** The plan as a graph, left to right by dependency depth; each node coloured by its subtask's status. */
export function DependencyGraph({ subtasks, onSelect }: { subtasks: SubtaskView[]; onSelect?: (id: string) => void }) {
  const layout = layoutGraph(subtasks);
  const byId = new Map(subtasks.map((s) => [s.id, s] as const));
  if (layout.nodes.length === 0) return <div className="empty">No subtasks.</div>;
  return (
    <div className="graph-scroll">
      <svg
        className="graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Dependency graph of the subtasks"
        data-testid="collaboration-graph"
      >
        <defs>
          <marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 10 5 0 10z" className="graph-arrow" />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const middle = (edge.x1 + edge.x2) / 2;
          const done = byId.get(edge.from)?.status === 'succeeded';
          return (
            <path
              key={`${edge.from}->${edge.to}`}
              d={`M${edge.x1} ${edge.y1} C${middle} ${edge.y1} ${middle} ${edge.y2} ${edge.x2 - 2} ${edge.y2}`}
              className={`graph-edge${done ? ' graph-edge-done' : ''}`}
              markerEnd="url(#graph-arrow)"
            />
          );
        })}
        {layout.nodes.map((node) => {
          const subtask = byId.get(node.id);
          const status = subtask?.status ?? 'pending';
          return (
            <g
              key={node.id}
              transform={`translate(${node.x} ${node.y})`}
              className={`graph-node graph-node-${status}`}
              data-testid={`graph-node-${node.id}`}
              data-status={status}
              onClick={() => onSelect?.(node.id)}
            >
              <title>{`${node.id}: ${status}${subtask?.title ? ` — ${subtask.title}` : ''}`}</title>
              <rect width={nodeWidth} height={nodeHeight} rx="8" />
              <text x="12" y="20" className="graph-node-id">
                {clip(node.id, 18)}
              </text>
              <text x="12" y="37" className="graph-node-status">
                {status.replace('-', ' ')}
                {subtask && subtask.attempts > 1 ? ` · ${subtask.attempts} tries` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
