import type { GitHostingClient } from '../../api/gitHostingClient';
import type { HostingConnectionView } from '../../api/gitHostingTypes';
import type { GitBranch, RepositoryView } from '../../api/gitTypes';
import { Link } from '../../app/router';
import { hrefOf } from '../../app/routes';
import type { Resource } from '../../app/useResource';
import { providerLabel } from '../connections/connectionForm';
import { BranchProtectionCard } from './BranchProtectionCard';
import { PullRequestsCard } from './PullRequestsCard';

interface HostingSectionProps {
  hosting: GitHostingClient;
  repository: RepositoryView;
  connections: Resource<HostingConnectionView[]>;
  branches: Resource<GitBranch[]>;
  /** undefined while it is being worked out; null when the repository has none (no commits). */
  defaultBranch: string | null | undefined;
  operator: boolean;
  /** Opens the register form filled in for this repository, to register it again with a connection; absent when the caller may not. */
  onRegisterLinked?: (() => void) | undefined;
}

/** What the repository's provider knows: pull requests and branch protection; or, without a connection, how to add one. */
export function HostingSection({ hosting, repository, connections, branches, defaultBranch, operator, onRegisterLinked }: HostingSectionProps) {
  const { connection, hostedRepository } = repository;
  if (!connection || !hostedRepository) return <UnlinkedCard repository={repository} connections={connections.data} onRegisterLinked={onRegisterLinked} />;
  const provider = connections.data?.find((item) => item.name === connection)?.provider;
  return (
    <>
      <PullRequestsCard
        hosting={hosting}
        repository={repository.name}
        hostedRepository={hostedRepository}
        provider={provider}
        branches={branches}
        defaultBranch={defaultBranch}
        operator={operator}
      />
      <BranchProtectionCard hosting={hosting} repository={repository.name} provider={provider} branch={defaultBranch} />
    </>
  );
}

/** Not an error: a repository works without a provider; this says what linking one adds and how. */
function UnlinkedCard({
  repository,
  connections,
  onRegisterLinked,
}: {
  repository: RepositoryView;
  connections: HostingConnectionView[] | undefined;
  onRegisterLinked?: (() => void) | undefined;
}) {
  const names = (connections ?? []).map((connection) => `${connection.name} (${providerLabel(connection.provider)})`);
  return (
    <section className="card git-hosting-unlinked" data-testid="git-hosting-unlinked">
      <div className="card-header">
        <h2>Pull requests and branch protection</h2>
        <span className="tag">not linked</span>
      </div>
      <p>
        <strong>{repository.name}</strong> is not linked to a GitHub or GitLab connection, so its pull requests and branch protection are not shown here. To link
        it:
      </p>
      <ol className="git-hosting-steps">
        <li>
          {names.length > 0 ? (
            <>
              Use a connection: <span data-testid="git-hosting-connections">{names.join(', ')}</span>, or add another on the{' '}
            </>
          ) : (
            <>An admin adds a connection (an access token) on the </>
          )}
          <Link href={hrefOf({ page: 'connections' })} data-testid="git-hosting-connections-link">
            Connections page
          </Link>
          .
        </li>
        <li>
          Register the repository with that connection and its name at the provider (<span className="mono">owner/name</span> on GitHub,{' '}
          <span className="mono">group/project</span> on GitLab). The link is set at registration: register it again under a new name, or remove it and register
          it again.
        </li>
      </ol>
      {onRegisterLinked && (
        <button type="button" className="button button-small" onClick={onRegisterLinked} data-testid="git-hosting-register-linked">
          {repository.managed ? 'Register a linked clone' : 'Register it linked to a connection'}
        </button>
      )}
    </section>
  );
}
