// The shapes of /api/v2/git's hosting routes (GitHostingEndpoints.cs): connections to GitHub and GitLab, pull/merge
// requests and branch protection of a repository linked to one. camelCase, dates as ISO 8601 strings.

export type HostingProvider = 'github' | 'gitlab';

export const HOSTING_PROVIDERS: readonly HostingProvider[] = ['github', 'gitlab'];

/** Registry/HostingConnectionView: never the token or the webhook secret, only whether a secret is set. */
export interface HostingConnectionView {
  name: string;
  provider: string;
  baseUrl: string;
  hasWebhookSecret: boolean;
  createdAt: string;
  createdBy: string;
}

/** Registry/HostingConnectionRegistration. `baseUrl` defaults to https://api.github.com or https://gitlab.com. */
export interface HostingConnectionRegistration {
  name: string;
  provider: HostingProvider;
  token: string;
  baseUrl?: string;
  webhookSecret?: string;
}

/** Endpoints/Git/PullRequestView: a GitHub pull request or GitLab merge request, in the fields both have. */
export interface PullRequestView {
  provider: string;
  /** The number people see: #12 on GitHub, !12 on GitLab. */
  number: number;
  title: string;
  /** The provider's own word: `open`/`closed` (GitHub), `opened`/`closed`/`merged`/`locked` (GitLab). */
  state: string;
  head: string;
  base: string;
  draft: boolean;
  merged: boolean;
  url: string;
}

export type PullRequestFilter = 'open' | 'all';

/** Endpoints/Git/CreatePullRequestRequest. */
export interface NewPullRequest {
  title: string;
  head: string;
  base: string;
  body?: string;
  draft?: boolean;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export const MERGE_METHODS: readonly MergeMethod[] = ['merge', 'squash', 'rebase'];

/** Endpoints/Git/MergePullRequestRequest: `sha` makes the provider refuse when the head moved since. */
export interface MergeRequestOptions {
  method?: MergeMethod;
  sha?: string;
}

/** Endpoints/Git/PullRequestMergeView. */
export interface PullRequestMergeView {
  merged: boolean;
  sha: string | null;
  message: string | null;
}

/** Hosting/BranchProtection: the rules GitHub and GitLab can both express. */
export interface BranchProtection {
  requiredApprovals: number;
  requiredStatusChecks: string[];
  allowForcePushes: boolean;
  allowDeletions: boolean;
  /** Whether administrators (maintainers on GitLab) are held to the rules too. */
  enforceAdmins: boolean;
  /** Whether commits may be pushed directly, rather than only merged through a change. */
  allowDirectPushes: boolean;
}

/** Endpoints/Git/BranchProtectionView. */
export interface BranchProtectionView {
  branch: string;
  protected: boolean;
  protection: BranchProtection | null;
}

/** The query of `.../branch-protection/{branch}/check`: every setting given is compared, the rest ignored. */
export interface BranchProtectionWanted {
  /** At least this many approvals. */
  requiredApprovals?: number;
  /** Each of these must be required. */
  requiredStatusChecks?: string[];
  allowForcePushes?: boolean;
  allowDeletions?: boolean;
  enforceAdmins?: boolean;
  allowDirectPushes?: boolean;
}

/** Endpoints/Git/BranchProtectionDifference: `setting` is a BranchProtection property name. */
export interface BranchProtectionDifference {
  setting: string;
  wanted: string;
  actual: string;
}

/** Endpoints/Git/BranchProtectionCheckView. */
export interface BranchProtectionCheckView {
  branch: string;
  protected: boolean;
  compliant: boolean;
  differences: BranchProtectionDifference[];
}
