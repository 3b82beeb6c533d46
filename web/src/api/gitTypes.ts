// The shapes of /api/v2/git: the C# records of src/Lightning.Git serialised by the server's LightningJson options
// (camelCase properties, enums as kebab-case strings: "unrelated-histories", "add-add"; computed properties such as
// `hasRelease` and `churn` are serialised too). Dates are ISO 8601 strings.

/** Registry/RepositoryView. */
export interface RepositoryView {
  name: string;
  path: string;
  cloneUrl: string | null;
  /** The platform cloned it into its data directory (and deletes the clone when the repository is removed). */
  managed: boolean;
  connection: string | null;
  hostedRepository: string | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Registry/RepositoryRegistration: `path` (an existing directory on the server, admin only) or `cloneUrl`; optionally
 * linked to a hosting `connection` and the repository's name there (`owner/name`, GitLab `group/project`).
 */
export interface RepositoryRegistration {
  name: string;
  path?: string;
  cloneUrl?: string;
  branch?: string;
  connection?: string;
  hostedRepository?: string;
}

/** Repositories/GitBranch. Ahead/behind are null without an upstream or without a default branch. */
export interface GitBranch {
  name: string;
  canonicalName: string;
  isRemote: boolean;
  isCurrent: boolean;
  sha: string;
  upstream: string | null;
  aheadOfUpstream: number | null;
  behindUpstream: number | null;
  aheadOfDefault: number | null;
  behindDefault: number | null;
}

/** Repositories/GitCommit. */
export interface GitCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorWhen: string;
  committerName: string;
  committerEmail: string;
  committerWhen: string;
  subject: string;
  body: string;
  message: string;
}

/** Repositories/GitTag: `targetSha` is the commit (peeled through the annotation). */
export interface GitTag {
  name: string;
  isAnnotated: boolean;
  targetSha: string;
  message: string | null;
  taggerName: string | null;
  taggerEmail: string | null;
  taggedWhen: string | null;
}

export interface GitLogQuery {
  revision?: string;
  limit?: number;
  firstParent?: boolean;
}

export type BranchPairStatus = 'clean' | 'conflicting' | 'unrelated-histories';

export type PredictedConflictKind =
  | 'content'
  | 'add-add'
  | 'modify-delete'
  | 'rename-delete'
  | 'rename-rename'
  | 'rename-add'
  | 'file-directory'
  | 'distinct-types'
  | 'directory-rename'
  | 'binary'
  | 'submodule'
  | 'other';

/** Insights/Conflicts/PredictedConflict. */
export interface PredictedConflict {
  path: string;
  kinds: PredictedConflictKind[];
  messages: string[];
}

/** Insights/Conflicts/BranchTip. */
export interface BranchTip {
  name: string;
  commit: string;
  committedAt: string;
}

/** Insights/Conflicts/BranchPairPrediction: merging `theirs` into `ours`. */
export interface BranchPairPrediction {
  ours: string;
  theirs: string;
  status: BranchPairStatus;
  files: PredictedConflict[];
  latestCommitAt: string;
}

/** Insights/Conflicts/ConflictPrediction: `pairs` ranked, conflicting first. */
export interface ConflictPrediction {
  defaultBranch: string | null;
  branches: BranchTip[];
  pairs: BranchPairPrediction[];
  usedBatchMode: boolean;
}

export type VersionBump = 'none' | 'patch' | 'minor' | 'major';

export interface ConventionalCommit {
  type: string;
  scope: string | null;
  isBreaking: boolean;
  description: string;
  body: string | null;
}

/** Releases/ReleaseCommit. */
export interface ReleaseCommit {
  sha: string;
  shortSha: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  commitDate: string;
  message: string;
  subject: string;
  conventional: ConventionalCommit | null;
}

export interface ReleaseGroup {
  title: string;
  heading: string;
  commits: ReleaseCommit[];
}

export interface ReleasePackage {
  name: string;
  path: string;
}

/** Releases/ReleasePlan: what `next-version` answers. `nextVersion` is null when nothing is releasable. */
export interface ReleasePlan {
  package: ReleasePackage | null;
  currentVersion: string | null;
  currentTag: string | null;
  lastReleaseTag: string | null;
  nextVersion: string | null;
  nextTag: string | null;
  bump: VersionBump;
  groups: ReleaseGroup[];
  commits: ReleaseCommit[];
  changelogSection: string;
  hasRelease: boolean;
}

export type ChangelogFormat = 'default' | 'keep-a-changelog';

export interface Changelog {
  format: string;
  text: string;
}

export type FrequencyBucket = 'day' | 'week' | 'month';

/** Insights/AuthorShare. */
export interface AuthorShare {
  name: string;
  email: string;
  changes: number;
  linesAdded: number;
  linesRemoved: number;
  share: number;
}

/** Insights/FileHotspot: `score` = commits × churn. */
export interface FileHotspot {
  path: string;
  commits: number;
  linesAdded: number;
  linesRemoved: number;
  score: number;
  lastChange: string;
  lastCommit: string;
  authors: AuthorShare[];
  churn: number;
  existsAtTip: boolean | null;
}

/** Insights/CommitFrequency: one bucket starting at `start` (UTC). */
export interface CommitFrequency {
  start: string;
  commits: number;
  linesAdded: number;
  linesRemoved: number;
  authors: number;
}

export interface FolderInsight {
  path: string;
  commits: number;
  files: number;
  linesAdded: number;
  linesRemoved: number;
  busFactor: number;
  authors: AuthorShare[];
}

/** Insights/HistoryAnalysis (coupling left untyped in detail: the page does not show it). */
export interface HistoryAnalysis {
  commits: number;
  mergeCommits: number;
  firstCommit: string | null;
  lastCommit: string | null;
  hotspots: FileHotspot[];
  folders: FolderInsight[];
  frequency: CommitFrequency[];
}

export interface InsightsQuery {
  since?: string;
  until?: string;
  bucket?: FrequencyBucket;
}

/** Insights/Contribution. */
export interface Contribution {
  name: string;
  email: string;
  commits: number;
  mergeCommits: number;
  linesAdded: number;
  linesRemoved: number;
  filesTouched: number;
  firstActivity: string | null;
  lastActivity: string | null;
  activeDays: number;
  trailerReviews: number;
  providerReviews: number;
  coAuthored: number;
  reviews: number;
}
