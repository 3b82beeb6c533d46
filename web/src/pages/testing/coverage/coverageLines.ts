import type { CoverageLineState, CoverageLineView } from '../../../api/testingTypes';

const UNCOVERED: ReadonlySet<CoverageLineState> = new Set(['missed', 'partial']);

export function isUncovered(line: CoverageLineView): boolean {
  return UNCOVERED.has(line.state);
}

/**
 * Where each stretch of uncovered (missed or partial) lines starts. Lines with no code (blank, comment) between two
 * uncovered lines do not end a stretch, so "next uncovered" jumps over a whole untested block at once.
 */
export function uncoveredBlocks(lines: readonly CoverageLineView[]): number[] {
  const starts: number[] = [];
  let inBlock = false;
  for (const line of lines) {
    if (line.state === 'not-code') continue;
    const uncovered = isUncovered(line);
    if (uncovered && !inBlock) starts.push(line.number);
    inBlock = uncovered;
  }
  return starts;
}

/** The start of the next (or previous) uncovered stretch after (before) `current`, wrapping around; null when none. */
export function nextUncovered(lines: readonly CoverageLineView[], current: number | null, direction: 1 | -1 = 1): number | null {
  const starts = uncoveredBlocks(lines);
  if (starts.length === 0) return null;
  if (current === null) return direction === 1 ? starts[0]! : starts[starts.length - 1]!;
  if (direction === 1) return starts.find((start) => start > current) ?? starts[0]!;
  return [...starts].reverse().find((start) => start < current) ?? starts[starts.length - 1]!;
}

/** How many lines are in each state. */
export function lineCounts(lines: readonly CoverageLineView[]): Record<CoverageLineState, number> {
  const counts: Record<CoverageLineState, number> = { covered: 0, partial: 0, missed: 0, 'not-code': 0 };
  for (const line of lines) counts[line.state] += 1;
  return counts;
}

/** The hit count as a gutter shows it: `12`, `1.2k`, `3.4M`; blank for lines with nothing to measure. */
export function hitsLabel(line: CoverageLineView): string {
  if (line.state === 'not-code' || line.hits === null) return '';
  const hits = line.hits;
  if (hits < 1000) return String(hits);
  if (hits < 1_000_000) return `${trim(hits / 1000)}k`;
  return `${trim(hits / 1_000_000)}M`;
}

/** What a line's highlight means, in words (its title and its label for screen readers). */
export function lineDescription(line: CoverageLineView): string {
  const branches = line.branchesTotal ? `; ${line.branchesCovered ?? 0} of ${line.branchesTotal} branches ran` : '';
  switch (line.state) {
    case 'not-code':
      return 'nothing to measure';
    case 'missed':
      return `never ran${branches}`;
    case 'partial':
      return `ran ${times(line.hits)}${branches}`;
    case 'covered':
      return `ran ${times(line.hits)}${branches}`;
  }
}

function times(hits: number | null): string {
  if (hits === null) return 'some times';
  return hits === 1 ? 'once' : `${hits} times`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}
