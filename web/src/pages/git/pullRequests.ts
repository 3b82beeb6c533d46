import type { GitBranch } from '../../api/gitTypes';
import type { MergeMethod, PullRequestMergeView, PullRequestView } from '../../api/gitHostingTypes';
import { MERGE_METHODS } from '../../api/gitHostingTypes';

export type PullRequestStatus = 'open' | 'merged' | 'closed' | 'locked';

/** One word for both providers: GitHub says open/closed (+ merged), GitLab opened/closed/merged/locked. */
export function pullRequestStatus(view: PullRequestView): PullRequestStatus {
  if (view.merged || view.state === 'merged') return 'merged';
  if (view.state === 'open' || view.state === 'opened') return 'open';
  if (view.state === 'locked') return 'locked';
  return 'closed';
}

/** How the provider writes the number: #12 on GitHub, !12 on GitLab. */
export function pullRequestRef(view: Pick<PullRequestView, 'provider' | 'number'>): string {
  return `${view.provider === 'gitlab' ? '!' : '#'}${view.number}`;
}

/** "pull request" or "merge request", as the provider calls it. */
export function changeNoun(provider: string | undefined): string {
  return provider === 'gitlab' ? 'merge request' : 'pull request';
}

/**
 * The branch names a pull request can name, from the repository's branches: local ones, and remote-tracking ones
 * without their remote (`origin/feature/x` is `feature/x` at the provider); `HEAD` pointers left out, sorted, once each.
 */
export function branchChoices(branches: GitBranch[]): string[] {
  const names = new Set<string>();
  for (const branch of branches) {
    const name = branch.isRemote ? withoutRemote(branch) : branch.name;
    if (name && name !== 'HEAD') names.add(name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

function withoutRemote(branch: GitBranch): string {
  // refs/remotes/<remote>/<branch...>: the remote is one segment, the branch may have more.
  const match = /^refs\/remotes\/[^/]+\/(.+)$/.exec(branch.canonicalName);
  if (match?.[1]) return match[1];
  const slash = branch.name.indexOf('/');
  return slash >= 0 ? branch.name.slice(slash + 1) : branch.name;
}

/** The form starts on the default branch as base and the first other branch as head. */
export function initialBranches(choices: string[], defaultBranch: string | null): { head: string; base: string } {
  const base = defaultBranch && choices.includes(defaultBranch) ? defaultBranch : (choices[0] ?? '');
  const head = choices.find((name) => name !== base) ?? '';
  return { head, base };
}

export interface NewPullRequestValues {
  title: string;
  head: string;
  base: string;
  body: string;
  draft: boolean;
}

export type NewPullRequestField = 'title' | 'head' | 'base' | 'body';

/** Server validation keys (CreatePullRequestAsync) and the fields that show them. */
export const newPullRequestErrorFields: Record<string, NewPullRequestField> = { title: 'title', head: 'head', base: 'base', body: 'body' };

/** What the browser can tell before asking the provider: something to say, two different branches. */
export function checkNewPullRequest(values: NewPullRequestValues): Partial<Record<NewPullRequestField, string[]>> {
  const errors: Partial<Record<NewPullRequestField, string[]>> = {};
  if (!values.title.trim()) errors.title = ['Give the title.'];
  if (!values.head) errors.head = ['Choose the head branch (the change).'];
  if (!values.base) errors.base = ['Choose the base branch (what the change goes into).'];
  else if (values.head === values.base) errors.head = ['The head and the base are the same branch: choose another head.'];
  return errors;
}

/** GitLab rebases through the project's merge method setting, not per merge request, so it is not offered there. */
export function mergeMethodsFor(provider: string): readonly MergeMethod[] {
  return provider === 'gitlab' ? MERGE_METHODS.filter((method) => method !== 'rebase') : MERGE_METHODS;
}

export const mergeMethodLabel = (method: MergeMethod): string =>
  method === 'merge' ? 'Create a merge commit' : method === 'squash' ? 'Squash and merge' : 'Rebase and merge';

/** The line shown after a merge: the provider's message, and the commit it made when it says. */
export function mergeOutcome(view: Pick<PullRequestView, 'provider' | 'number'>, result: PullRequestMergeView): string {
  const ref = pullRequestRef(view);
  if (!result.merged) return `${ref} was not merged${result.message ? `: ${result.message}` : '.'}`;
  return `Merged ${ref}${result.sha ? ` as ${result.sha.slice(0, 7)}` : ''}.`;
}
