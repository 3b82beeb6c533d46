import type { ApiClient } from './client';
import type {
  BranchProtectionCheckView,
  BranchProtectionView,
  BranchProtectionWanted,
  HostingConnectionRegistration,
  HostingConnectionView,
  MergeRequestOptions,
  NewPullRequest,
  PullRequestFilter,
  PullRequestMergeView,
  PullRequestView,
} from './gitHostingTypes';

const GIT = '/api/v2/git';

/** `/api/v2/git` hosting routes: connections (admin changes them) and what a linked repository does at its provider. */
export class GitHostingClient {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  listConnections(signal?: AbortSignal): Promise<HostingConnectionView[]> {
    return this.#api.request<HostingConnectionView[]>('GET', `${GIT}/connections`, undefined, signal);
  }

  /** Admin only. The token goes to the server once and never comes back: the answer has only `hasWebhookSecret`. */
  addConnection(registration: HostingConnectionRegistration): Promise<HostingConnectionView> {
    const body: HostingConnectionRegistration = { name: registration.name.trim(), provider: registration.provider, token: registration.token.trim() };
    const baseUrl = registration.baseUrl?.trim();
    if (baseUrl) body.baseUrl = baseUrl;
    // A blank secret is "none", not an empty secret (which the server refuses).
    if (registration.webhookSecret?.trim()) body.webhookSecret = registration.webhookSecret;
    return this.#api.request<HostingConnectionView>('POST', `${GIT}/connections`, body);
  }

  /** Admin only; 409 `git.connection_in_use` while a registered repository names the connection. */
  async removeConnection(name: string): Promise<void> {
    await this.#api.request<undefined>('DELETE', `${GIT}/connections/${encodeURIComponent(name)}`);
  }

  listPullRequests(repository: string, filter: PullRequestFilter = 'open', signal?: AbortSignal): Promise<PullRequestView[]> {
    return this.#api.request<PullRequestView[]>('GET', `${hosted(repository)}/pull-requests?state=${filter}`, undefined, signal);
  }

  /** Operator. Opens a GitHub pull request or GitLab merge request (a draft one is a `Draft:` title there). */
  createPullRequest(repository: string, request: NewPullRequest): Promise<PullRequestView> {
    const body: NewPullRequest = { title: request.title.trim(), head: request.head, base: request.base };
    if (request.body?.trim()) body.body = request.body;
    if (request.draft) body.draft = true;
    return this.#api.request<PullRequestView>('POST', `${hosted(repository)}/pull-requests`, body);
  }

  /** Operator. `rebase` is GitHub only (GitLab answers 400). */
  mergePullRequest(repository: string, number: number, options: MergeRequestOptions = {}): Promise<PullRequestMergeView> {
    return this.#api.request<PullRequestMergeView>('POST', `${hosted(repository)}/pull-requests/${number}/merge`, options);
  }

  branchProtection(repository: string, branch: string, signal?: AbortSignal): Promise<BranchProtectionView> {
    return this.#api.request<BranchProtectionView>('GET', `${hosted(repository)}/branch-protection/${encodeURIComponent(branch)}`, undefined, signal);
  }

  /** Compares the branch's protection with `wanted`; an unprotected branch counts as no rules at all. */
  checkBranchProtection(repository: string, branch: string, wanted: BranchProtectionWanted, signal?: AbortSignal): Promise<BranchProtectionCheckView> {
    const params = new URLSearchParams();
    if (wanted.requiredApprovals !== undefined) params.set('requiredApprovals', String(wanted.requiredApprovals));
    for (const check of wanted.requiredStatusChecks ?? []) params.append('requiredStatusChecks', check);
    for (const setting of ['allowForcePushes', 'allowDeletions', 'enforceAdmins', 'allowDirectPushes'] as const) {
      const value = wanted[setting];
      if (value !== undefined) params.set(setting, String(value));
    }
    const query = params.toString();
    return this.#api.request<BranchProtectionCheckView>(
      'GET',
      `${hosted(repository)}/branch-protection/${encodeURIComponent(branch)}/check${query ? `?${query}` : ''}`,
      undefined,
      signal,
    );
  }
}

function hosted(repository: string): string {
  return `${GIT}/repositories/${encodeURIComponent(repository)}`;
}
