import { describe, expect, it } from 'vitest';
import type { PullRequestView } from '../../api/gitHostingTypes';
import type { GitBranch } from '../../api/gitTypes';
import {
  branchChoices,
  changeNoun,
  checkNewPullRequest,
  initialBranches,
  mergeMethodsFor,
  mergeOutcome,
  pullRequestRef,
  pullRequestStatus,
} from './pullRequests';

const pull = (overrides: Partial<PullRequestView>): PullRequestView => ({
  provider: 'github',
  number: 12,
  title: 'Add X',
  state: 'open',
  head: 'feature/x',
  base: 'main',
  draft: false,
  merged: false,
  url: 'https://github.com/octo/hello/pull/12',
  ...overrides,
});

const branch = (name: string, overrides: Partial<GitBranch> = {}): GitBranch => ({
  name,
  canonicalName: `refs/heads/${name}`,
  isRemote: false,
  isCurrent: false,
  sha: '0'.repeat(40),
  upstream: null,
  aheadOfUpstream: null,
  behindUpstream: null,
  aheadOfDefault: null,
  behindDefault: null,
  ...overrides,
});

const remote = (name: string) => branch(name, { isRemote: true, canonicalName: `refs/remotes/${name}` });

describe('pullRequestStatus', () => {
  it.each<[Partial<PullRequestView>, string]>([
    [{ state: 'open' }, 'open'],
    [{ state: 'opened', provider: 'gitlab' }, 'open'],
    [{ state: 'closed', merged: true }, 'merged'],
    [{ state: 'merged', provider: 'gitlab', merged: true }, 'merged'],
    [{ state: 'closed' }, 'closed'],
    [{ state: 'locked', provider: 'gitlab' }, 'locked'],
  ])('%j is %s', (overrides, status) => {
    expect(pullRequestStatus(pull(overrides))).toBe(status);
  });
});

describe('provider words', () => {
  it('numbers and nouns follow the provider', () => {
    expect(pullRequestRef(pull({}))).toBe('#12');
    expect(pullRequestRef(pull({ provider: 'gitlab' }))).toBe('!12');
    expect(changeNoun('gitlab')).toBe('merge request');
    expect(changeNoun('github')).toBe('pull request');
    expect(changeNoun(undefined)).toBe('pull request');
  });

  it('gitLab_OffersNoRebase', () => {
    expect(mergeMethodsFor('github')).toEqual(['merge', 'squash', 'rebase']);
    expect(mergeMethodsFor('gitlab')).toEqual(['merge', 'squash']);
  });
});

describe('branchChoices', () => {
  it('localAndRemoteTracking_WithoutTheRemote_OnceEach_Sorted', () => {
    const choices = branchChoices([branch('main', { isCurrent: true }), branch('feature/x'), remote('origin/main'), remote('origin/release/1.0'), remote('origin/HEAD')]);
    expect(choices).toEqual(['feature/x', 'main', 'release/1.0']);
  });

  it('initialBranches_BaseIsTheDefault_HeadTheFirstOther', () => {
    expect(initialBranches(['feature/x', 'main'], 'main')).toEqual({ head: 'feature/x', base: 'main' });
    expect(initialBranches(['a', 'b'], 'gone')).toEqual({ head: 'b', base: 'a' });
    expect(initialBranches(['main'], 'main')).toEqual({ head: '', base: 'main' });
    expect(initialBranches([], null)).toEqual({ head: '', base: '' });
  });
});

describe('checkNewPullRequest', () => {
  it('complete_HasNoErrors', () => {
    expect(checkNewPullRequest({ title: 'Add X', head: 'feature/x', base: 'main', body: '', draft: false })).toEqual({});
  });

  it('blankTitle_AndSameBranches_AreRefused', () => {
    const errors = checkNewPullRequest({ title: '  ', head: 'main', base: 'main', body: '', draft: false });
    expect(Object.keys(errors).sort()).toEqual(['head', 'title']);
    expect(errors.head?.[0]).toMatch(/same branch/);
  });

  it('missingBranches_AreNamed', () => {
    const errors = checkNewPullRequest({ title: 'x', head: '', base: '', body: '', draft: false });
    expect(Object.keys(errors).sort()).toEqual(['base', 'head']);
  });
});

describe('mergeOutcome', () => {
  it('merged_NamesTheCommit', () => {
    expect(mergeOutcome(pull({}), { merged: true, sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', message: 'Pull Request successfully merged' })).toBe('Merged #12 as 6dcb09b.');
  });

  it('notMerged_GivesTheProvidersReason', () => {
    expect(mergeOutcome(pull({ provider: 'gitlab' }), { merged: false, sha: null, message: 'ci_still_running' })).toBe('!12 was not merged: ci_still_running');
    expect(mergeOutcome(pull({}), { merged: false, sha: null, message: null })).toBe('#12 was not merged.');
  });
});
