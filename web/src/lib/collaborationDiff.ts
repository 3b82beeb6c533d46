import type { CollaborationDiff, SubtaskChange, SubtaskDiff, SubtaskSide } from '../api/types';
import { formatDuration } from './format';

export type DiffLineKind = 'added' | 'removed' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its one-character prefix. */
  text: string;
}

/** What a diff shows: lines, and runs of unchanged lines folded away. */
export type DiffRow = DiffLine | { kind: 'skipped'; count: number };

/** Reads one unified line as the server writes it: "-" removed, "+" added, anything else (" ") unchanged. */
export function parseDiffLine(line: string): DiffLine {
  const sign = line.charAt(0);
  if (sign === '-') return { kind: 'removed', text: line.slice(1) };
  if (sign === '+') return { kind: 'added', text: line.slice(1) };
  return { kind: 'context', text: sign === ' ' ? line.slice(1) : line };
}

/**
 * The lines to show of a unified diff: every change with up to `context` unchanged lines either side; longer runs of
 * unchanged lines fold into one `skipped` row, unless folding would hide just one line. Pure.
 */
export function collapseDiff(lines: readonly string[], context = 3): DiffRow[] {
  const parsed = lines.map(parseDiffLine);
  const keep = parsed.map((line) => line.kind !== 'context');
  parsed.forEach((line, index) => {
    if (line.kind === 'context') return;
    for (let i = Math.max(0, index - context); i <= Math.min(parsed.length - 1, index + context); i++) keep[i] = true;
  });

  const rows: DiffRow[] = [];
  let index = 0;
  while (index < parsed.length) {
    if (keep[index]) {
      rows.push(parsed[index]!);
      index++;
      continue;
    }
    let end = index;
    while (end < parsed.length && !keep[end]) end++;
    const count = end - index;
    if (count === 1) rows.push(parsed[index]!);
    else rows.push({ kind: 'skipped', count });
    index = end;
  }
  return rows;
}

/** How many lines a diff adds and removes. */
export function diffStats(lines: readonly string[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    const { kind } = parseDiffLine(line);
    if (kind === 'added') added++;
    else if (kind === 'removed') removed++;
  }
  return { added, removed };
}

/** A changed fact of a subtask, old → new, as text. */
export interface ChangeRow {
  change: 'status' | 'agent' | 'attempts' | 'error';
  label: string;
  from: string;
  to: string;
}

const FIELD_LABELS: Record<ChangeRow['change'], string> = { status: 'Status', agent: 'Agent', attempts: 'Attempts', error: 'Error' };

/** The changed facts of a subtask present on both sides, in the server's order; the output has its own diff. Pure. */
export function changeRows(subtask: SubtaskDiff): ChangeRow[] {
  const { left, right } = subtask;
  if (!left || !right) return [];
  const rows: ChangeRow[] = [];
  for (const change of subtask.changes) {
    if (change === 'status' || change === 'agent' || change === 'attempts' || change === 'error') {
      rows.push({ change, label: FIELD_LABELS[change], from: sideText(left, change), to: sideText(right, change) });
    }
  }
  return rows;
}

function sideText(side: SubtaskSide, change: ChangeRow['change']): string {
  switch (change) {
    case 'status':
      return side.status;
    case 'agent':
      return side.agent ?? 'none';
    case 'attempts':
      return String(side.attempts);
    case 'error':
      return side.error ?? 'none';
  }
}

/** A short tag per change: what the header of a changed subtask lists. */
export function changeLabel(change: SubtaskChange, diff: Pick<CollaborationDiff, 'left' | 'right'>): string {
  switch (change) {
    case 'only-left':
      return `only in ${diff.left}`;
    case 'only-right':
      return `only in ${diff.right}`;
    default:
      return change;
  }
}

/** The counts of the header: unchanged and changed subtasks, and the sentence that says them. */
export function diffSummary(diff: Pick<CollaborationDiff, 'unchanged' | 'subtasks'>): { unchanged: number; changed: number; text: string } {
  const changed = diff.subtasks.length;
  const plural = (n: number) => `${n} subtask${n === 1 ? '' : 's'}`;
  const text = changed === 0 ? `All ${plural(diff.unchanged)} unchanged` : `${plural(changed)} changed, ${diff.unchanged} unchanged`;
  return { unchanged: diff.unchanged, changed, text };
}

/** The duration of a side, or a dash when it did not run there. */
export function sideDuration(side: SubtaskSide | null): string {
  return side ? formatDuration(side.durationMs) : '—';
}
