import type { CoverageTotals, CoverageTreeNode } from '../../../api/testingTypes';

/** How the tree's siblings are ordered: by name (directories first, as the server sends them) or worst coverage first. */
export type TreeSort = 'name' | 'worst' | 'best';
export const TREE_SORTS: { sort: TreeSort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'worst', label: 'Lowest %' },
  { sort: 'best', label: 'Highest %' },
];

/** A band for colouring a percentage: null (nothing to measure) is its own band, never shown as 0 or 100 %. */
export type CoverageTone = 'good' | 'fair' | 'poor' | 'none';

export function coverageTone(percent: number | null | undefined): CoverageTone {
  if (percent === null || percent === undefined) return 'none';
  if (percent >= 80) return 'good';
  if (percent >= 50) return 'fair';
  return 'poor';
}

/**
 * `66.7%`, `100%`, `—` when there is nothing to measure. Rounded to one decimal as the server's messages are, except
 * that an incomplete coverage never reads 100 % and a started one never reads 0 %.
 */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return '—';
  let rounded = Math.round(percent * 10) / 10;
  if (rounded >= 100 && percent < 100) rounded = 99.9;
  if (rounded <= 0 && percent > 0) rounded = 0.1;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** `6/9 lines`, the counts behind a percentage. */
export function countsOf(totals: CoverageTotals, metric: 'lines' | 'branches' | 'functions'): string {
  const [covered, total] =
    metric === 'lines' ? [totals.linesCovered, totals.linesTotal] : metric === 'branches' ? [totals.branchesCovered, totals.branchesTotal] : [totals.functionsCovered, totals.functionsTotal];
  return `${covered}/${total}`;
}

/** Children in the chosen order; ties (and nodes with nothing to measure, which go last) by name. */
export function sortNodes(nodes: readonly CoverageTreeNode[], sort: TreeSort): CoverageTreeNode[] {
  const byName = (a: CoverageTreeNode, b: CoverageTreeNode) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1);
  if (sort === 'name') return [...nodes].sort(byName);
  const sign = sort === 'worst' ? 1 : -1;
  return [...nodes].sort((a, b) => {
    const pa = a.totals.linePercent;
    const pb = b.totals.linePercent;
    if (pa === null || pb === null) return pa === pb ? byName(a, b) : pa === null ? 1 : -1;
    return pa === pb ? byName(a, b) : sign * (pa - pb);
  });
}

/**
 * The tree cut down to the files whose path contains `query` (case-insensitive; spaces separate words that must all
 * match) and the directories above them; the directories keep their full totals. Null when nothing matches.
 */
export function filterTree(node: CoverageTreeNode, query: string): CoverageTreeNode | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return node;
  const visit = (current: CoverageTreeNode): CoverageTreeNode | null => {
    if (current.kind === 'file') {
      const path = current.path.toLowerCase();
      return words.every((word) => path.includes(word)) ? current : null;
    }
    const children = current.children.map(visit).filter((child): child is CoverageTreeNode => child !== null);
    return children.length > 0 ? { ...current, children } : null;
  };
  return visit(node);
}

/** The files of a tree, depth first. */
export function filesOf(node: CoverageTreeNode): CoverageTreeNode[] {
  return node.kind === 'file' ? [node] : node.children.flatMap(filesOf);
}

/** One visible row of the tree: what a flat, keyboard-navigable list (role="tree" with aria-level) renders. */
export interface TreeRow {
  node: CoverageTreeNode;
  /** 1 for the root's children. */
  level: number;
  /** The path of the directory row above it, null at level 1. */
  parent: string | null;
  expanded: boolean;
}

/** The rows shown: the root's children and, under every expanded directory, its own, in the chosen order. */
export function visibleRows(root: CoverageTreeNode, expanded: ReadonlySet<string>, sort: TreeSort): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly CoverageTreeNode[], level: number, parent: string | null) => {
    for (const node of sortNodes(nodes, sort)) {
      const open = node.kind === 'directory' && expanded.has(node.path);
      rows.push({ node, level, parent, expanded: open });
      if (open) walk(node.children, level + 1, node.path);
    }
  };
  walk(root.kind === 'file' ? [root] : root.children, 1, null);
  return rows;
}

/** Directories open at first: down to `depth` levels, and further along chains of single directories. */
export function initiallyExpanded(root: CoverageTreeNode, depth = 2): Set<string> {
  const open = new Set<string>();
  const walk = (node: CoverageTreeNode, level: number) => {
    for (const child of node.children) {
      if (child.kind !== 'directory') continue;
      const alone = node.children.length === 1;
      if (level <= depth || alone) {
        open.add(child.path);
        walk(child, level + 1);
      }
    }
  };
  walk(root, 1);
  return open;
}

/** Every directory of a tree (what a filter opens, so that its matches show). */
export function directoriesOf(node: CoverageTreeNode): string[] {
  return node.kind === 'file' ? [] : node.children.flatMap((child) => (child.kind === 'directory' ? [child.path, ...directoriesOf(child)] : []));
}

/** What a key does in the tree (WAI-ARIA tree pattern): move the focus, open or close a directory, or open a file. */
export type TreeKeyAction = { focus: number } | { toggle: string; focus: number } | { open: string } | null;

export function treeKey(rows: readonly TreeRow[], index: number, key: string): TreeKeyAction {
  const row = rows[index];
  if (!row) return rows.length > 0 ? { focus: 0 } : null;
  switch (key) {
    case 'ArrowDown':
      return { focus: Math.min(rows.length - 1, index + 1) };
    case 'ArrowUp':
      return { focus: Math.max(0, index - 1) };
    case 'Home':
      return { focus: 0 };
    case 'End':
      return { focus: rows.length - 1 };
    case 'ArrowRight':
      if (row.node.kind !== 'directory') return null;
      return row.expanded ? (rows[index + 1]?.parent === row.node.path ? { focus: index + 1 } : null) : { toggle: row.node.path, focus: index };
    case 'ArrowLeft': {
      if (row.node.kind === 'directory' && row.expanded) return { toggle: row.node.path, focus: index };
      const parent = rows.findIndex((candidate) => candidate.node.path === row.parent);
      return parent >= 0 ? { focus: parent } : null;
    }
    case 'Enter':
    case ' ':
      return row.node.kind === 'directory' ? { toggle: row.node.path, focus: index } : { open: row.node.path };
    default:
      return null;
  }
}
