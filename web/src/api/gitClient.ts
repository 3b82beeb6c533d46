import type { ApiClient } from './client';
import type {
  Changelog,
  ChangelogFormat,
  ConflictPrediction,
  Contribution,
  GitBranch,
  GitCommit,
  GitLogQuery,
  GitTag,
  HistoryAnalysis,
  InsightsQuery,
  ReleasePlan,
  RepositoryRegistration,
  RepositoryView,
} from './gitTypes';

const GIT = '/api/v2/git';

/** `/api/v2/git`: registered repositories and the reads the dashboard's Git page shows. */
export class GitClient {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  listRepositories(signal?: AbortSignal): Promise<RepositoryView[]> {
    return this.#api.request<RepositoryView[]>('GET', `${GIT}/repositories`, undefined, signal);
  }

  /** Clones `cloneUrl` into the data directory (operator), or registers a directory on the server by `path` (admin). */
  registerRepository(registration: RepositoryRegistration): Promise<RepositoryView> {
    return this.#api.request<RepositoryView>('POST', `${GIT}/repositories`, withoutEmpty(registration));
  }

  async removeRepository(name: string): Promise<void> {
    await this.#api.request<undefined>('DELETE', repository(name));
  }

  branches(name: string, signal?: AbortSignal): Promise<GitBranch[]> {
    return this.#api.request<GitBranch[]>('GET', `${repository(name)}/branches`, undefined, signal);
  }

  tags(name: string, signal?: AbortSignal): Promise<GitTag[]> {
    return this.#api.request<GitTag[]>('GET', `${repository(name)}/tags`, undefined, signal);
  }

  log(name: string, query: GitLogQuery = {}, signal?: AbortSignal): Promise<GitCommit[]> {
    return this.#api.request<GitCommit[]>(
      'GET',
      `${repository(name)}/log${search({ revision: query.revision, limit: query.limit, firstParent: query.firstParent })}`,
      undefined,
      signal,
    );
  }

  /** Every pair of active branches (and each against the default branch) merged in memory: which would conflict. */
  predictedConflicts(name: string, signal?: AbortSignal): Promise<ConflictPrediction> {
    return this.#api.request<ConflictPrediction>('GET', `${repository(name)}/predicted-conflicts`, undefined, signal);
  }

  nextVersion(name: string, signal?: AbortSignal): Promise<ReleasePlan> {
    return this.#api.request<ReleasePlan>('GET', `${repository(name)}/next-version`, undefined, signal);
  }

  changelog(name: string, options: { format?: ChangelogFormat; unreleased?: boolean } = {}, signal?: AbortSignal): Promise<Changelog> {
    return this.#api.request<Changelog>('GET', `${repository(name)}/changelog${search(options)}`, undefined, signal);
  }

  insights(name: string, query: InsightsQuery = {}, signal?: AbortSignal): Promise<HistoryAnalysis> {
    return this.#api.request<HistoryAnalysis>('GET', `${repository(name)}/insights${search({ ...query })}`, undefined, signal);
  }

  contributors(name: string, query: { since?: string; until?: string } = {}, signal?: AbortSignal): Promise<Contribution[]> {
    return this.#api.request<Contribution[]>('GET', `${repository(name)}/contributors${search(query)}`, undefined, signal);
  }
}

function repository(name: string): string {
  return `${GIT}/repositories/${encodeURIComponent(name)}`;
}

function search(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A form leaves blank fields as ''; the server reads a present `path` as "register a path", so blanks must go. */
function withoutEmpty(registration: RepositoryRegistration): RepositoryRegistration {
  const result: RepositoryRegistration = { name: registration.name.trim() };
  const path = registration.path?.trim();
  const cloneUrl = registration.cloneUrl?.trim();
  const branch = registration.branch?.trim();
  const connection = registration.connection?.trim();
  const hostedRepository = registration.hostedRepository?.trim();
  if (path) result.path = path;
  if (cloneUrl) result.cloneUrl = cloneUrl;
  if (branch) result.branch = branch;
  if (connection) result.connection = connection;
  if (hostedRepository) result.hostedRepository = hostedRepository;
  return result;
}
