import { describe, expect, it } from 'vitest';
import { layoutGraph, mergeLogs, type GraphCommit } from './commitGraph';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const commit = (sha: string, parents: string[], minute: number): GraphCommit => ({ sha, parents, committerWhen: at(minute) });
const laneOf = (layout: ReturnType<typeof layoutGraph>, sha: string) => layout.nodes.find((node) => node.sha === sha)?.lane;

describe('layoutGraph', () => {
  it('layoutGraph_LinearHistory_OneLaneOfFirstParentLinks', () => {
    const layout = layoutGraph([commit('c', ['b'], 3), commit('b', ['a'], 2), commit('a', [], 1)]);
    expect(layout.lanes).toBe(1);
    expect(layout.nodes.map((node) => [node.sha, node.row, node.lane])).toEqual([
      ['c', 0, 0],
      ['b', 1, 0],
      ['a', 2, 0],
    ]);
    expect(layout.edges).toEqual([
      { from: 'c', to: 'b', fromRow: 0, fromLane: 0, lane: 0, toRow: 1, toLane: 0, firstParent: true },
      { from: 'b', to: 'a', fromRow: 1, fromLane: 0, lane: 0, toRow: 2, toLane: 0, firstParent: true },
    ]);
  });

  it('layoutGraph_Merge_OpensALaneForTheSecondParent_AndFreesItAtTheFork', () => {
    // m merges f into main: m -> (b, f); f -> a; b -> a.
    const layout = layoutGraph([commit('m', ['b', 'f'], 4), commit('f', ['a'], 3), commit('b', ['a'], 2), commit('a', [], 1)]);
    expect(laneOf(layout, 'm')).toBe(0);
    expect(laneOf(layout, 'f')).toBe(1);
    expect(laneOf(layout, 'b')).toBe(0);
    expect(laneOf(layout, 'a')).toBe(0);
    expect(layout.lanes).toBe(2);
    const merged = layout.edges.find((edge) => edge.from === 'm' && edge.to === 'f');
    expect(merged).toMatchObject({ fromLane: 0, lane: 1, toRow: 1, toLane: 1, firstParent: false });
    // f's line joins main's lane at the fork point a.
    expect(layout.edges.find((edge) => edge.from === 'f')).toMatchObject({ lane: 1, toRow: 3, toLane: 0 });
  });

  it('layoutGraph_TwoBranchTips_SecondTipGetsItsOwnLane', () => {
    const layout = layoutGraph([commit('x', ['a'], 3), commit('y', ['a'], 2), commit('a', [], 1)]);
    expect(laneOf(layout, 'x')).toBe(0);
    expect(laneOf(layout, 'y')).toBe(1);
    expect(laneOf(layout, 'a')).toBe(0);
    // y's line runs down its own lane and joins lane 0 at the shared parent.
    expect(layout.edges.find((edge) => edge.from === 'y')).toMatchObject({ fromLane: 1, lane: 1, toRow: 2, toLane: 0 });
  });

  it('layoutGraph_FreedLaneIsReused', () => {
    // f (lane 1) ends at a; the later tip z then takes lane 1 again instead of opening lane 2.
    const layout = layoutGraph([
      commit('m', ['b', 'f'], 6),
      commit('f', ['a'], 5),
      commit('b', ['a'], 4),
      commit('a', ['r'], 3),
      commit('z', ['r'], 2),
      commit('r', [], 1),
    ]);
    expect(laneOf(layout, 'z')).toBe(1);
    expect(layout.lanes).toBe(2);
  });

  it('layoutGraph_ParentBeyondTheLog_RunsOffTheBottom', () => {
    const layout = layoutGraph([commit('b', ['a'], 2)]);
    expect(layout.edges).toEqual([{ from: 'b', to: 'a', fromRow: 0, fromLane: 0, lane: 0, toRow: 1, toLane: 0, firstParent: true }]);
  });

  it('layoutGraph_Empty_NoLanes', () => {
    expect(layoutGraph([])).toEqual({ nodes: [], edges: [], lanes: 0 });
  });
});

describe('mergeLogs', () => {
  it('mergeLogs_BranchLogs_EachCommitOnce_ChildrenBeforeParents_NewestFirst', () => {
    const main = [commit('b', ['a'], 2), commit('a', [], 1)];
    const feature = [commit('f2', ['f1'], 5), commit('f1', ['a'], 3), commit('a', [], 1)];
    expect(mergeLogs([main, feature]).map((c) => c.sha)).toEqual(['f2', 'f1', 'b', 'a']);
  });

  it('mergeLogs_ClockSkew_StillPutsChildrenFirst', () => {
    // The child claims an older date than its parent; the parent must still come after it.
    const log = [commit('child', ['parent'], 1), commit('parent', [], 9)];
    expect(mergeLogs([log]).map((c) => c.sha)).toEqual(['child', 'parent']);
  });
});
