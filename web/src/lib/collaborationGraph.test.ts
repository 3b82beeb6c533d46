import { describe, expect, it } from 'vitest';
import { layoutGraph, type LayoutOptions } from './collaborationGraph';

const options: LayoutOptions = { nodeWidth: 100, nodeHeight: 40, columnGap: 20, rowGap: 10, padding: 5 };

describe('layoutGraph', () => {
  it('layersByDependencyDepth_RowsInPlanOrder', () => {
    const layout = layoutGraph(
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
        { id: 'c', dependsOn: [] },
        { id: 'd', dependsOn: ['c', 'b'] },
      ],
      options,
    );
    const place = Object.fromEntries(layout.nodes.map((n) => [n.id, [n.layer, n.row]]));
    expect(place).toEqual({ a: [0, 0], b: [1, 0], c: [0, 1], d: [2, 0] });
    expect(layout.nodes.find((n) => n.id === 'd')).toMatchObject({ x: 5 + 2 * 120, y: 5 });
    expect(layout.nodes.find((n) => n.id === 'c')).toMatchObject({ x: 5, y: 5 + 50 });
    expect(layout.width).toBe(5 * 2 + 3 * 100 + 2 * 20);
    expect(layout.height).toBe(5 * 2 + 2 * 40 + 10);
  });

  it('edges_RunFromTheRightOfTheDependencyToTheLeftOfTheDependent', () => {
    const layout = layoutGraph(
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: ['a'] },
      ],
      options,
    );
    expect(layout.edges).toEqual([{ from: 'a', to: 'b', x1: 105, y1: 25, x2: 125, y2: 25 }]);
  });

  it('unknownDependencies_AreIgnored_AndCyclesDoNotLoop', () => {
    const layout = layoutGraph(
      [
        { id: 'a', dependsOn: ['ghost', 'b'] },
        { id: 'b', dependsOn: ['a'] },
      ],
      options,
    );
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.every((e) => e.from !== 'ghost')).toBe(true);
  });

  it('empty_HasNoSize', () => {
    expect(layoutGraph([], options)).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});
