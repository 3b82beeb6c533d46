import type { CandidateStatus, GenerationBatchStatus, GenerationReport, TestCandidate } from '../../../api/testingTypes';

/** A batch is worth reading again while it is queued or generating. */
export function isBatchActive(status: GenerationBatchStatus): boolean {
  return status === 'queued' || status === 'running';
}

export const BATCH_STATUS_LABELS: Record<GenerationBatchStatus, string> = {
  queued: 'queued',
  running: 'generating',
  ready: 'awaiting review',
  failed: 'failed',
  accepted: 'accepted',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = {
  pending: 'not judged',
  'failed-to-compile': 'did not compile',
  'failed-runs': 'failed a run',
  'no-coverage-gain': 'no new coverage',
  kept: 'kept',
  accepted: 'accepted',
  rejected: 'rejected',
};

export interface FunnelStep {
  label: string;
  count: number;
  /** Candidates that stopped at this step. */
  dropped: number;
}

/** The filters in order: tried → compiled → passed every run → added coverage, with how many stopped at each. */
export function funnelOf(report: GenerationReport, runs = 5): FunnelStep[] {
  // A cancelled batch leaves candidates pending, stopped by no filter: there only the verdicts count as dropped.
  const judged = (status: CandidateStatus) => report.candidates.filter((candidate) => candidate.status === status).length;
  const [compile, run, coverage] = report.cancelled
    ? [judged('failed-to-compile'), judged('failed-runs'), judged('no-coverage-gain')]
    : [report.tried - report.compiled, report.compiled - report.passedRuns, report.passedRuns - report.addedCoverage];
  return [
    { label: 'tried', count: report.tried, dropped: 0 },
    { label: 'compiled', count: report.compiled, dropped: compile },
    { label: `passed ${runs} of ${runs} runs`, count: report.passedRuns, dropped: run },
    { label: 'added coverage', count: report.addedCoverage, dropped: coverage },
  ];
}

/** Candidates that passed every filter (those a reviewer decides on), and the others with why each stopped. */
export function splitCandidates(candidates: readonly TestCandidate[]): { reviewed: TestCandidate[]; stopped: TestCandidate[] } {
  const reviewed: TestCandidate[] = [];
  const stopped: TestCandidate[] = [];
  for (const candidate of candidates) {
    if (candidate.status === 'kept' || candidate.status === 'accepted' || candidate.status === 'rejected') reviewed.push(candidate);
    else stopped.push(candidate);
  }
  return { reviewed, stopped };
}

/** Why a candidate stopped, for the report: the server's reason, else what its status means. */
export function reasonOf(candidate: TestCandidate): string {
  return candidate.reason?.trim() || CANDIDATE_STATUS_LABELS[candidate.status];
}

/** What a kept candidate adds: "adds lines 3, 5-8 and 2 branches". */
export function addedCoverageText(candidate: TestCandidate): string {
  const parts: string[] = [];
  if (candidate.addedLines.length > 0) parts.push(`${candidate.addedLines.length === 1 ? 'line' : 'lines'} ${lineRanges(candidate.addedLines)}`);
  if (candidate.addedBranches > 0) parts.push(`${candidate.addedBranches} branch${candidate.addedBranches === 1 ? '' : 'es'}`);
  return parts.length > 0 ? `adds ${parts.join(' and ')}` : 'adds coverage';
}

/** 3,4,5,8,10,11 → "3-5, 8, 10-11". */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const line of sorted.slice(1)) {
    if (previous !== undefined && line === previous + 1) {
      previous = line;
      continue;
    }
    if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = line;
    previous = line;
  }
  if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
  return ranges.join(', ');
}

/** The candidate's code as it would be written: its imports, a blank line, the test. */
export function codeOf(candidate: TestCandidate): string {
  return candidate.imports.length > 0 ? `${candidate.imports.join('\n')}\n\n\n${candidate.code.trimEnd()}` : candidate.code.trimEnd();
}

/**
 * The reviewer's choice: only kept candidates can be chosen; choices of candidates no longer kept (the batch was
 * reviewed meanwhile, or re-read) fall away.
 */
export function toggleCandidate(selected: ReadonlySet<string>, id: string, candidates: readonly TestCandidate[]): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else if (candidates.some((candidate) => candidate.id === id && candidate.status === 'kept')) next.add(id);
  return keepSelectable(next, candidates);
}

export function keepSelectable(selected: ReadonlySet<string>, candidates: readonly TestCandidate[]): Set<string> {
  const kept = new Set(candidates.filter((candidate) => candidate.status === 'kept').map((candidate) => candidate.id));
  return new Set([...selected].filter((id) => kept.has(id)));
}

/** All kept candidates, or none when all are already chosen. */
export function toggleAll(selected: ReadonlySet<string>, candidates: readonly TestCandidate[]): Set<string> {
  const kept = candidates.filter((candidate) => candidate.status === 'kept').map((candidate) => candidate.id);
  return kept.every((id) => selected.has(id)) ? new Set() : new Set(kept);
}

export interface GenerateForm {
  repository: string;
  file: string;
  max: string;
  /** '' lets the server infer it (from the file, else the project). */
  language: '' | 'python' | 'javascript';
  useModel: boolean;
}

export type GenerateField = 'repository' | 'file' | 'max' | 'language';

/** Checks the form as the server will (max 1-100 by default); a blank file means the whole repository, a blank max the server's default. */
export function checkGenerate(
  form: GenerateForm,
  maxCandidates = 100,
): { errors: Partial<Record<GenerateField, string[]>>; request?: { repository: string; file?: string; max?: number; language?: string; useModel?: boolean } } {
  const errors: Partial<Record<GenerateField, string[]>> = {};
  const repository = form.repository.trim();
  const file = form.file.trim();
  const maxText = form.max.trim();
  const max = maxText ? Number(maxText) : undefined;
  if (!repository) errors.repository = ['Choose a repository.'];
  if (file.startsWith('/') || file.split(/[\\/]/).includes('..')) errors.file = ['A path inside the repository, such as calc/parse.py.'];
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > maxCandidates)) errors.max = [`A whole number from 1 to ${maxCandidates}.`];
  if (Object.keys(errors).length > 0) return { errors };
  // The model is the server's default; only turning it off is sent.
  return { errors, request: { repository, ...(file ? { file } : {}), ...(max !== undefined ? { max } : {}), ...(form.language ? { language: form.language } : {}), ...(form.useModel ? {} : { useModel: false }) } };
}
