import { describe, expect, it } from 'vitest';
import { hrefOf, matchRoute, type Route } from '../../../app/routes';
import type { CoverageLineView, CoverageTotals, CoverageTreeNode, CoverageTrendPoint } from '../../../api/testingTypes';
import { coverageReportFileName } from '../../../api/testingClient';
import { hitsLabel, lineCounts, lineDescription, nextUncovered, uncoveredBlocks } from './coverageLines';
import { coverageTone, directoriesOf, filterTree, formatPercent, initiallyExpanded, sortNodes, treeKey, visibleRows } from './coverageTree';
import { layoutTrend, trendChange } from './coverageTrend';

function totals(covered: number, total: number, branches: [number, number] = [0, 0]): CoverageTotals {
  return {
    linesCovered: covered,
    linesTotal: total,
    branchesCovered: branches[0],
    branchesTotal: branches[1],
    functionsCovered: 0,
    functionsTotal: 0,
    linePercent: total === 0 ? null : (covered * 100) / total,
    branchPercent: branches[1] === 0 ? null : (branches[0] * 100) / branches[1],
    functionPercent: null,
  };
}

const file = (path: string, covered: number, total: number): CoverageTreeNode => ({ name: path.split('/').pop()!, path, kind: 'file', totals: totals(covered, total), children: [] });
const dir = (path: string, children: CoverageTreeNode[]): CoverageTreeNode => {
  const sum = children.reduce((acc, child) => [acc[0]! + child.totals.linesCovered, acc[1]! + child.totals.linesTotal], [0, 0]);
  return { name: path === '.' ? '.' : path.split('/').pop()!, path, kind: 'directory', totals: totals(sum[0]!, sum[1]!), children };
};

// The shape the server sends: directories first, then files, each by name.
const TREE = dir('.', [
  dir('src', [dir('src/util', [file('src/util/strings.py', 4, 4)]), file('src/__init__.py', 0, 0), file('src/calc.py', 6, 9), file('src/text.py', 2, 2)]),
  dir('tests', [file('tests/test_calc.py', 5, 5)]),
  file('setup.py', 0, 3),
]);

describe('coverage tree', () => {
  it('formatPercent_RoundsToOneDecimal_NeverShowsAFake100Or0', () => {
    expect(formatPercent(200 / 3)).toBe('66.7%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(99.96)).toBe('99.9%');
    expect(formatPercent(0.01)).toBe('0.1%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(50)).toBe('50%');
    expect(formatPercent(null)).toBe('—');
  });

  it('coverageTone_BandsAndNothingToMeasure', () => {
    expect([coverageTone(80), coverageTone(79.9), coverageTone(50), coverageTone(49.9), coverageTone(null)]).toEqual(['good', 'fair', 'fair', 'poor', 'none']);
  });

  it('sortNodes_ByName_PutsDirectoriesFirst', () => {
    const shuffled = [file('b.py', 1, 1), dir('z', []), file('a.py', 1, 1), dir('c', [])];
    expect(sortNodes(shuffled, 'name').map((node) => node.path)).toEqual(['c', 'z', 'a.py', 'b.py']);
  });

  it('sortNodes_WorstAndBest_ByLinePercent_UnmeasuredLast_TiesByName', () => {
    const nodes = TREE.children[0]!.children; // util 100, __init__ null, calc 66.7, text 100
    expect(sortNodes(nodes, 'worst').map((node) => node.name)).toEqual(['calc.py', 'util', 'text.py', '__init__.py']);
    expect(sortNodes(nodes, 'best').map((node) => node.name)).toEqual(['util', 'text.py', 'calc.py', '__init__.py']);
  });

  it('filterTree_KeepsMatchingFilesAndTheirDirectories_WithFullTotals', () => {
    const filtered = filterTree(TREE, 'CALC')!;
    expect(filtered.children.map((node) => node.path)).toEqual(['src', 'tests']);
    expect(filtered.children[0]!.children.map((node) => node.path)).toEqual(['src/calc.py']);
    // The directory still shows the coverage of all its files, not of the matches only.
    expect(filtered.children[0]!.totals).toEqual(TREE.children[0]!.totals);
    expect(directoriesOf(filtered)).toEqual(['src', 'tests']);
  });

  it('filterTree_EveryWordMustMatch_NothingMatchingIsNull_BlankIsTheTree', () => {
    expect(filterTree(TREE, 'src py strings')!.children[0]!.children[0]!.children.map((node) => node.path)).toEqual(['src/util/strings.py']);
    expect(filterTree(TREE, 'nothing')).toBeNull();
    expect(filterTree(TREE, '   ')).toBe(TREE);
  });

  it('visibleRows_ShowsChildrenOfOpenDirectoriesOnly_WithLevelsAndParents', () => {
    const rows = visibleRows(TREE, new Set(['src']), 'name');
    expect(rows.map((row) => [row.node.path, row.level, row.parent, row.expanded])).toEqual([
      ['src', 1, null, true],
      ['src/util', 2, 'src', false],
      ['src/__init__.py', 2, 'src', false],
      ['src/calc.py', 2, 'src', false],
      ['src/text.py', 2, 'src', false],
      ['tests', 1, null, false],
      ['setup.py', 1, null, false],
    ]);
  });

  it('initiallyExpanded_OpensTwoLevelsAndChainsOfSingleDirectories', () => {
    const deep = dir('.', [dir('a', [dir('a/b', [dir('a/b/c', [dir('a/b/c/d', [file('a/b/c/d/x.py', 1, 1)])])])]), dir('e', [dir('e/f', [dir('e/f/g', []), dir('e/f/h', [])])])]);
    expect([...initiallyExpanded(deep)].sort()).toEqual(['a', 'a/b', 'a/b/c', 'a/b/c/d', 'e', 'e/f']);
  });

  it('treeKey_FollowsTheTreePattern', () => {
    const rows = visibleRows(TREE, new Set(['src']), 'name');
    expect(treeKey(rows, 0, 'ArrowDown')).toEqual({ focus: 1 });
    expect(treeKey(rows, 6, 'ArrowDown')).toEqual({ focus: 6 });
    expect(treeKey(rows, 0, 'ArrowUp')).toEqual({ focus: 0 });
    expect(treeKey(rows, 3, 'End')).toEqual({ focus: 6 });
    expect(treeKey(rows, 3, 'Home')).toEqual({ focus: 0 });
    // Right on an open directory goes to its first child; on a closed one it opens it; on a file it does nothing.
    expect(treeKey(rows, 0, 'ArrowRight')).toEqual({ focus: 1 });
    expect(treeKey(rows, 5, 'ArrowRight')).toEqual({ toggle: 'tests', focus: 5 });
    expect(treeKey(rows, 3, 'ArrowRight')).toBeNull();
    // Left closes an open directory, else goes to the parent.
    expect(treeKey(rows, 0, 'ArrowLeft')).toEqual({ toggle: 'src', focus: 0 });
    expect(treeKey(rows, 3, 'ArrowLeft')).toEqual({ focus: 0 });
    expect(treeKey(rows, 6, 'ArrowLeft')).toBeNull();
    expect(treeKey(rows, 3, 'Enter')).toEqual({ open: 'src/calc.py' });
    expect(treeKey(rows, 5, ' ')).toEqual({ toggle: 'tests', focus: 5 });
    expect(treeKey(rows, 3, 'x')).toBeNull();
  });
});

const line = (number: number, state: CoverageLineView['state'], hits: number | null = state === 'missed' ? 0 : state === 'not-code' ? null : 1, branches?: [number, number]): CoverageLineView => ({
  number,
  text: `line ${number}`,
  state,
  hits,
  ...(branches ? { branchesCovered: branches[0], branchesTotal: branches[1] } : {}),
});

// 1 covered, 2 partial, 3 missed, 4 blank, 5 missed, 6 covered, 7 missed, 8 comment, 9 missed
const LINES = [line(1, 'covered'), line(2, 'partial', 3, [1, 2]), line(3, 'missed'), line(4, 'not-code'), line(5, 'missed'), line(6, 'covered'), line(7, 'missed'), line(8, 'not-code'), line(9, 'missed')];

describe('coverage lines', () => {
  it('uncoveredBlocks_StartOfEachStretch_NotCodeDoesNotBreakIt', () => {
    expect(uncoveredBlocks(LINES)).toEqual([2, 7]);
    expect(uncoveredBlocks([line(1, 'covered'), line(2, 'not-code')])).toEqual([]);
  });

  it('nextUncovered_ForwardBackwardAndAround', () => {
    expect(nextUncovered(LINES, null)).toBe(2);
    expect(nextUncovered(LINES, 2)).toBe(7);
    expect(nextUncovered(LINES, 4)).toBe(7);
    expect(nextUncovered(LINES, 7)).toBe(2);
    expect(nextUncovered(LINES, null, -1)).toBe(7);
    expect(nextUncovered(LINES, 7, -1)).toBe(2);
    expect(nextUncovered(LINES, 2, -1)).toBe(7);
    expect(nextUncovered([line(1, 'covered')], null)).toBeNull();
  });

  it('lineCounts_PerState', () => {
    expect(lineCounts(LINES)).toEqual({ covered: 2, partial: 1, missed: 4, 'not-code': 2 });
  });

  it('hitsLabel_AndDescription', () => {
    expect(hitsLabel(line(1, 'covered', 12))).toBe('12');
    expect(hitsLabel(line(1, 'covered', 1234))).toBe('1.2k');
    expect(hitsLabel(line(1, 'covered', 250_000))).toBe('250k');
    expect(hitsLabel(line(1, 'covered', 3_400_000))).toBe('3.4M');
    expect(hitsLabel(line(1, 'missed'))).toBe('0');
    expect(hitsLabel(line(1, 'not-code'))).toBe('');
    expect(lineDescription(line(2, 'partial', 3, [1, 2]))).toBe('ran 3 times; 1 of 2 branches ran');
    expect(lineDescription(line(3, 'missed'))).toBe('never ran');
    expect(lineDescription(line(1, 'covered'))).toBe('ran once');
    expect(lineDescription(line(4, 'not-code'))).toBe('nothing to measure');
  });
});

describe('coverage trend', () => {
  const point = (runId: string, lines: [number, number], branches: [number, number] = [0, 0]): CoverageTrendPoint => ({ runId, commitSha: null, branch: 'main', recordedAt: '2026-11-24T10:00:00Z', totals: totals(lines[0], lines[1], branches) });
  const box = { width: 420, height: 220, left: 20, right: 0, top: 10, bottom: 10 };

  it('layoutTrend_FixedPercentAxis_BreaksTheBranchLineWhereThereAreNoBranches', () => {
    const layout = layoutTrend([point('a', [1, 2], [1, 4]), point('b', [3, 4]), point('c', [4, 4], [4, 4])], box);
    expect(layout.points.map((p) => [p.x, p.lineY, p.branchY])).toEqual([
      [20, 110, 160],
      [220, 60, null],
      [420, 10, 10],
    ]);
    expect(layout.linePath).toBe('M20 110 L220 60 L420 10');
    expect(layout.branchPath).toBe('M20 160 M420 10');
    expect(layout.grid.map((tick) => [tick.percent, tick.y])).toEqual([
      [0, 210],
      [25, 160],
      [50, 110],
      [75, 60],
      [100, 10],
    ]);
  });

  it('layoutTrend_OnePointIsCentred', () => {
    expect(layoutTrend([point('a', [1, 1])], box).points[0]!.x).toBe(220);
  });

  it('trendChange_FirstToLastMeasured', () => {
    expect(trendChange([point('a', [1, 2]), point('b', [0, 0]), point('c', [3, 4])])).toBe(25);
    expect(trendChange([point('a', [1, 2])])).toBeNull();
  });
});

describe('coverage routes and files', () => {
  it.each<[string, string, Route]>([
    ['/testing/runs/trun_1/coverage', '', { page: 'test-run', id: 'trun_1', view: 'coverage' }],
    ['/testing/runs/trun_1/coverage', '?file=src%2Fcalc.py&line=12', { page: 'test-run', id: 'trun_1', view: 'coverage', file: 'src/calc.py', line: 12 }],
    ['/testing/runs/trun_1/coverage', '?file=a.py&line=-3', { page: 'test-run', id: 'trun_1', view: 'coverage', file: 'a.py' }],
    ['/testing/runs/trun_1/coverage', '?line=3', { page: 'test-run', id: 'trun_1', view: 'coverage' }],
    ['/testing/runs/trun_1/other', '', { page: 'not-found', path: '/testing/runs/trun_1/other' }],
    ['/testing/coverage', '?repository=shop', { page: 'testing', tab: 'coverage', repository: 'shop' }],
    ['/testing/select', '', { page: 'testing', tab: 'select' }],
  ])('%s%s', (path, search, route) => {
    expect(matchRoute(path, search)).toEqual(route);
    const href = new URL(hrefOf(route), 'http://x');
    if (route.page !== 'not-found') expect(matchRoute(href.pathname, href.search)).toEqual(route);
  });

  it('coverageReportFileName_AsTheServerNamesThem', () => {
    expect(['html', 'json', 'cobertura', 'lcov'].map((format) => coverageReportFileName('trun_1', format as 'html'))).toEqual([
      'trun_1-coverage.html',
      'trun_1-coverage.json',
      'trun_1-coverage.cobertura.xml',
      'trun_1-coverage.info',
    ]);
  });
});
