import type { BranchPairStatus, PredictedConflictKind, VersionBump } from '../../api/gitTypes';

export const shortSha = (sha: string): string => sha.slice(0, 7);

export const gitHref = (repository?: string): string => (repository ? `/git/${encodeURIComponent(repository)}` : '/git');

/** "↑2 ↓1", "even", or null when there is nothing to compare against. */
export function aheadBehind(ahead: number | null, behind: number | null): string | null {
  if (ahead === null || behind === null) return null;
  if (ahead === 0 && behind === 0) return 'even';
  return [ahead > 0 ? `↑${ahead}` : '', behind > 0 ? `↓${behind}` : ''].filter(Boolean).join(' ');
}

const KIND_LABELS: Record<PredictedConflictKind, string> = {
  content: 'content',
  'add-add': 'add/add',
  'modify-delete': 'modify/delete',
  'rename-delete': 'rename/delete',
  'rename-rename': 'rename/rename',
  'rename-add': 'rename/add',
  'file-directory': 'file/directory',
  'distinct-types': 'distinct types',
  'directory-rename': 'directory rename',
  binary: 'binary',
  submodule: 'submodule',
  other: 'other',
};

export const conflictKindLabel = (kind: PredictedConflictKind): string => KIND_LABELS[kind] ?? kind;

export const pairStatusLabel = (status: BranchPairStatus): string =>
  status === 'conflicting' ? 'conflicts' : status === 'unrelated-histories' ? 'unrelated histories' : 'merges cleanly';

export const bumpLabel = (bump: VersionBump): string => (bump === 'none' ? 'no release' : `${bump} bump`);

export const formatCount = (value: number): string => value.toLocaleString('en-US');
