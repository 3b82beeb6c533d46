import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { GitClient } from '../../api/gitClient';
import { GitHostingClient } from '../../api/gitHostingClient';
import type { GitBranch, RepositoryView } from '../../api/gitTypes';
import { useSession } from '../../app/context';
import { Link, navigate } from '../../app/router';
import { hrefOf } from '../../app/routes';
import { canOperate, isAdmin } from '../../app/session';
import { useResource, type Resource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative, formatTimestamp } from '../../lib/format';
import { BranchesCard } from './BranchesCard';
import { CommitGraph } from './CommitGraph';
import { ConflictsCard } from './ConflictsCard';
import { HostingSection } from './HostingSection';
import { ContributorsCard, HotspotsCard } from './InsightsCards';
import { RegisterRepositoryForm, type RegisterInitial } from './RegisterRepositoryForm';
import { ReleaseCard } from './ReleaseCard';
import { mergeLogs } from './commitGraph';
import { gitHref } from './gitText';
import './git.css';

/** Branch logs the graph merges, and commits per branch: enough to see recent work side by side. */
const GRAPH_BRANCHES = 8;
const GRAPH_PER_BRANCH = 40;
const GRAPH_ROWS = 60;

/** The Git page: pick (or register) a repository; see its branches, predicted conflicts, graph, next release and insights. */
export function GitPage({ repository }: { repository?: string | undefined }) {
  const { client, caller } = useSession();
  const git = useMemo(() => new GitClient(client), [client]);
  const hosting = useMemo(() => new GitHostingClient(client), [client]);
  const repositories = useResource((signal) => git.listRepositories(signal), [git]);
  // null: the form is closed; open, it starts blank or from another registration of a repository.
  const [registering, setRegistering] = useState<{ initial?: RegisterInitial } | null>(null);
  const [refresh, setRefresh] = useState(0);
  const list = repositories.data ?? [];
  const selected = repository ? list.find((item) => item.name === repository) : undefined;
  const operator = canOperate(caller.role);
  const admin = isAdmin(caller.role);

  // /git alone opens the first repository, so the page is never an empty frame when there is one.
  const first = list[0]?.name;
  useEffect(() => {
    if (!repository && first) navigate(gitHref(first), { replace: true });
  }, [repository, first]);

  const registered = (view: RepositoryView) => {
    setRegistering(null);
    repositories.reload();
    navigate(gitHref(view.name));
  };

  return (
    <>
      <PageHeader
        title="Git"
        subtitle="Registered repositories: branches, predicted merge conflicts, history, the next release and who works where."
        actions={
          <>
            {list.length > 0 && (
              <select
                className="git-repository-select"
                aria-label="Repository"
                value={selected?.name ?? ''}
                onChange={(event) => navigate(gitHref(event.target.value))}
                data-testid="git-repository-select"
              >
                {!selected && <option value="">Choose a repository</option>}
                {list.map((item) => (
                  <option key={item.name} value={item.name}>
                    {item.name}
                  </option>
                ))}
              </select>
            )}
            {selected && (
              <button type="button" className="button button-small" onClick={() => setRefresh((value) => value + 1)} data-testid="git-refresh">
                Refresh
              </button>
            )}
            <Link href={hrefOf({ page: 'connections' })} className="button button-small" data-testid="git-connections">
              Connections
            </Link>
            {operator && !registering && list.length > 0 && (
              <button type="button" className="button button-small" onClick={() => setRegistering({})} data-testid="git-register-open">
                Register
              </button>
            )}
          </>
        }
      />

      <ErrorBanner message={repositories.error?.message} onRetry={repositories.reload} testId="git-repositories-error" />

      {(registering || (repositories.data && list.length === 0 && operator)) && (
        <RegisterRepositoryForm
          key={JSON.stringify(registering)}
          git={git}
          hosting={hosting}
          admin={admin}
          initial={registering?.initial}
          onRegistered={registered}
          {...(list.length > 0 ? { onCancel: () => setRegistering(null) } : {})}
        />
      )}

      {!repositories.data ? (
        !repositories.error && <Loading />
      ) : list.length === 0 ? (
        <div className="card empty" data-testid="git-empty">
          No repositories are registered yet.{operator ? ' Register one above by clone URL' + (admin ? ' or by a directory on the server.' : '.') : ' An operator or admin can register one.'}
        </div>
      ) : repository && !selected ? (
        <ErrorBanner message={`No repository named '${repository}' is registered.`} testId="git-unknown-repository" />
      ) : selected ? (
        <RepositoryDetails
          key={`${selected.name}/${refresh}`}
          git={git}
          hosting={hosting}
          repository={selected}
          operator={operator}
          onRegisterLinked={linkedRegistration(selected, operator, admin, (initial) => {
            setRegistering({ initial });
            window.scrollTo(0, 0);
          })}
        />
      ) : null}
    </>
  );
}

/**
 * Registering a repository again is how it gets linked to a connection (the link is set at registration): the form
 * starts from its clone URL, or from its directory for an admin. Nothing when the caller may not register it so.
 */
function linkedRegistration(repository: RepositoryView, operator: boolean, admin: boolean, open: (initial: RegisterInitial) => void): (() => void) | undefined {
  const { cloneUrl } = repository;
  if (cloneUrl && operator) return () => open({ source: 'clone', location: cloneUrl });
  if (!repository.managed && admin) return () => open({ source: 'path', location: repository.path });
  return undefined;
}

interface RepositoryDetailsProps {
  git: GitClient;
  hosting: GitHostingClient;
  repository: RepositoryView;
  operator: boolean;
  onRegisterLinked: (() => void) | undefined;
}

function RepositoryDetails({ git, hosting, repository, operator, onRegisterLinked }: RepositoryDetailsProps) {
  const name = repository.name;
  const branches = useResource((signal) => git.branches(name, signal), [git, name]);
  const prediction = useResource((signal) => git.predictedConflicts(name, signal), [git, name]);
  // Which provider a linked repository's connection is, and (unlinked) which connections there are to link to.
  const connections = useResource((signal) => hosting.listConnections(signal), [hosting]);
  // The predictor knows the default branch; should it fail, the checked-out branch stands in for it.
  const defaultBranch = prediction.data
    ? prediction.data.defaultBranch
    : prediction.error && branches.data
      ? (branches.data.find((branch) => !branch.isRemote && branch.isCurrent)?.name ?? null)
      : undefined;
  const release = useResource(
    async (signal) => {
      const [plan, changelog] = await Promise.all([git.nextVersion(name, signal), git.changelog(name, { unreleased: true }, signal)]);
      return { plan, changelog };
    },
    [git, name],
  );
  const insights = useResource((signal) => git.insights(name, { bucket: 'week' }, signal), [git, name]);
  const contributors = useResource((signal) => git.contributors(name, {}, signal), [git, name]);

  return (
    <>
      <section className="card" data-testid="git-repository">
        <dl className="facts-grid">
          <div>
            <dt>Repository</dt>
            <dd className="strong">{repository.name}</dd>
          </div>
          <div>
            <dt>{repository.managed ? 'Clone' : 'Directory'}</dt>
            <dd className="mono small git-break">{repository.path}</dd>
          </div>
          {repository.cloneUrl && (
            <div>
              <dt>From</dt>
              <dd className="mono small git-break">{repository.cloneUrl}</dd>
            </div>
          )}
          {repository.hostedRepository && (
            <div>
              <dt>Hosted</dt>
              <dd className="mono small">
                {repository.hostedRepository}
                {repository.connection ? ` (${repository.connection})` : ''}
              </dd>
            </div>
          )}
          <div>
            <dt>Registered</dt>
            <dd title={formatTimestamp(repository.createdAt)}>
              {formatRelative(repository.createdAt)} by {repository.createdBy}
            </dd>
          </div>
        </dl>
      </section>

      <div className="grid-2 git-grid">
        <HostingSection
          hosting={hosting}
          repository={repository}
          connections={connections}
          branches={branches}
          defaultBranch={defaultBranch}
          operator={operator}
          onRegisterLinked={onRegisterLinked}
        />
      </div>

      <div className="grid-2 git-grid">
        <Loaded resource={branches} title="Branches" testId="git-branches">
          {(data) => <BranchesCard branches={data} defaultBranch={prediction.data?.defaultBranch ?? null} />}
        </Loaded>
        <Loaded resource={prediction} title="Predicted conflicts" testId="git-conflicts">
          {(data) => <ConflictsCard prediction={data} />}
        </Loaded>
      </div>

      <Loaded resource={branches} title="Commit graph" testId="git-graph-card">
        {(data) => <GraphSection git={git} name={name} branches={data} />}
      </Loaded>

      <div className="grid-2 git-grid">
        <Loaded resource={release} title="Next release" testId="git-release">
          {(data) => <ReleaseCard plan={data.plan} changelog={data.changelog} />}
        </Loaded>
        <Loaded resource={insights} title="Hotspots" testId="git-hotspots">
          {(data) => <HotspotsCard analysis={data} />}
        </Loaded>
      </div>

      <Loaded resource={contributors} title="Contributors" testId="git-contributors">
        {(data) => <ContributorsCard contributors={data} />}
      </Loaded>
    </>
  );
}

/** The graph merges one log per local branch (the log route follows one revision), so unmerged branches show too. */
function GraphSection({ git, name, branches }: { git: GitClient; name: string; branches: GitBranch[] }) {
  const local = branches
    .filter((branch) => !branch.isRemote)
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent) || a.name.localeCompare(b.name))
    .slice(0, GRAPH_BRANCHES);
  const key = local.map((branch) => `${branch.name}@${branch.sha}`).join(',');
  const graph = useResource(
    async (signal) => {
      const [tags, ...logs] = await Promise.all([
        git.tags(name, signal),
        ...local.map((branch) => git.log(name, { revision: branch.canonicalName, limit: GRAPH_PER_BRANCH }, signal)),
      ]);
      return { tags, commits: mergeLogs(logs).slice(0, GRAPH_ROWS) };
    },
    [git, name, key],
  );

  return (
    <section className="card" data-testid="git-graph-card">
      <div className="card-header">
        <h2>Commit graph</h2>
        {graph.data && (
          <span className="muted small">
            {graph.data.commits.length} most recent commits of {local.length} branch{local.length === 1 ? '' : 'es'}
          </span>
        )}
      </div>
      <ErrorBanner message={graph.error?.message} onRetry={graph.reload} testId="git-graph-card-error" />
      {!graph.data ? (
        !graph.error && <Loading />
      ) : graph.data.commits.length === 0 ? (
        <p className="empty">No commits yet.</p>
      ) : (
        <CommitGraph commits={graph.data.commits} branches={branches.filter((branch) => !branch.isRemote)} tags={graph.data.tags} />
      )}
    </section>
  );
}

/** A section's loading and error states; the section itself once its data is there. */
function Loaded<T>({ resource, title, testId, children }: { resource: Resource<T>; title: string; testId: string; children: (data: T) => ReactNode }) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  return (
    <section className="card" data-testid={testId}>
      <div className="card-header">
        <h2>{title}</h2>
      </div>
      {resource.error ? <ErrorBanner message={resource.error.message} onRetry={resource.reload} testId={`${testId}-error`} /> : <Loading />}
    </section>
  );
}
