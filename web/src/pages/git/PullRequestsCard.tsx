import { useState } from 'react';
import type { GitHostingClient } from '../../api/gitHostingClient';
import type { PullRequestFilter, PullRequestView } from '../../api/gitHostingTypes';
import type { GitBranch } from '../../api/gitTypes';
import { useResource, type Resource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { providerLabel } from '../connections/connectionForm';
import { MergeDialog } from './MergeDialog';
import { NewPullRequestForm } from './NewPullRequestForm';
import { changeNoun, pullRequestRef, pullRequestStatus } from './pullRequests';

interface PullRequestsCardProps {
  hosting: GitHostingClient;
  repository: string;
  hostedRepository: string;
  /** From the connection; undefined until the connections are read. */
  provider: string | undefined;
  branches: Resource<GitBranch[]>;
  defaultBranch: string | null | undefined;
  operator: boolean;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The hosted repository's pull (GitHub) or merge (GitLab) requests: open ones or all, a form to open one, and merging. */
export function PullRequestsCard({ hosting, repository, hostedRepository, provider, branches, defaultBranch, operator }: PullRequestsCardProps) {
  const [filter, setFilter] = useState<PullRequestFilter>('open');
  const [creating, setCreating] = useState(false);
  const [merging, setMerging] = useState<PullRequestView>();
  const [notice, setNotice] = useState<{ text: string; url?: string }>();
  const pulls = useResource((signal) => hosting.listPullRequests(repository, filter, signal), [hosting, repository, filter]);
  const noun = changeNoun(provider);

  return (
    <section className="card git-pulls" data-testid="git-pulls">
      <div className="card-header git-card-header-wrap">
        <h2>{capitalise(noun)}s</h2>
        <span className="muted small git-pulls-where">
          <span className="mono">{hostedRepository}</span>
          {provider ? ` on ${providerLabel(provider)}` : ''}
        </span>
        <div className="git-pulls-tools">
          <div className="segmented segmented-small" role="radiogroup" aria-label="Which to show">
            {(['open', 'all'] as PullRequestFilter[]).map((option) => (
              <label key={option} className={filter === option ? 'selected' : ''} data-testid={`git-pulls-filter-${option}`}>
                <input type="radio" name="git-pulls-filter" value={option} checked={filter === option} onChange={() => setFilter(option)} />
                {option === 'open' ? 'Open' : 'All'}
              </label>
            ))}
          </div>
          {operator && !creating && (
            <button type="button" className="button button-small button-primary" onClick={() => setCreating(true)} data-testid="git-pull-new">
              New {noun}
            </button>
          )}
        </div>
      </div>

      {notice && (
        <div className="banner banner-notice" role="status" data-testid="git-pulls-notice">
          <p>
            {notice.text}{' '}
            {notice.url && (
              <a href={notice.url} target="_blank" rel="noreferrer noopener">
                Open at {providerLabel(provider ?? 'the provider')}
              </a>
            )}
          </p>
          <button type="button" className="button button-small button-ghost" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      )}

      {creating && (
        <NewPullRequestForm
          hosting={hosting}
          repository={repository}
          noun={noun}
          branches={branches}
          defaultBranch={defaultBranch}
          onCreated={(view) => {
            setCreating(false);
            setNotice({ text: `Opened ${pullRequestRef(view)} ${view.title}.`, url: view.url });
            pulls.reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}

      <ErrorBanner message={pulls.error?.message} onRetry={pulls.reload} testId="git-pulls-error" />
      {!pulls.data ? (
        !pulls.error && <Loading />
      ) : pulls.data.length === 0 ? (
        <p className="empty" data-testid="git-pulls-empty">
          {filter === 'open' ? `No open ${noun}s.` : `No ${noun}s yet.`}
        </p>
      ) : (
        <ul className="git-pull-list">
          {pulls.data.map((pull) => {
            const status = pullRequestStatus(pull);
            return (
              <li key={pull.number} className="git-pull" data-testid={`git-pull-${pull.number}`}>
                <span className={`git-pull-state git-pull-state-${status}`} data-testid={`git-pull-${pull.number}-state`}>
                  {status}
                </span>
                <div className="git-pull-main">
                  <a href={pull.url} target="_blank" rel="noreferrer noopener" className="git-pull-title" data-testid={`git-pull-${pull.number}-link`}>
                    {pull.title}
                  </a>
                  <span className="muted git-pull-ref">{pullRequestRef(pull)}</span>
                  {pull.draft && <span className="tag">draft</span>}
                  <div className="git-pull-branches small" title={`${pull.head} into ${pull.base}`} data-testid={`git-pull-${pull.number}-branches`}>
                    <span className="mono">{pull.head}</span> <span className="muted">→</span> <span className="mono">{pull.base}</span>
                  </div>
                </div>
                {operator && status === 'open' && (
                  <button
                    type="button"
                    className="button button-small git-pull-merge"
                    onClick={() => setMerging(pull)}
                    disabled={pull.draft}
                    title={pull.draft ? `A draft cannot be merged: mark it ready at ${providerLabel(pull.provider)} first.` : undefined}
                    data-testid={`git-pull-${pull.number}-merge`}
                  >
                    Merge
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {merging && (
        <MergeDialog
          hosting={hosting}
          repository={repository}
          pull={merging}
          onMerged={(text) => {
            setMerging(undefined);
            setNotice({ text });
            pulls.reload();
          }}
          onCancel={() => setMerging(undefined)}
        />
      )}
    </section>
  );
}
