import { useSession } from '../../app/context';
import { Link } from '../../app/router';
import { canOperate } from '../../app/session';
import { useResource } from '../../app/useResource';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { locationText } from './agentText';

const REFRESH_MS = 5000;

export function AgentsPage() {
  const { client, caller } = useSession();
  const agents = useResource((signal) => client.listAgents(signal), [client], REFRESH_MS);

  return (
    <>
      <PageHeader
        title="Agents"
        subtitle="Who can run actions, and what each is doing now."
        actions={
          canOperate(caller.role) && (
            <Link href="/agents/new" className="button button-primary" data-testid="agent-register">
              Register agent
            </Link>
          )
        }
      />
      <ErrorBanner message={agents.error?.message} onRetry={agents.reload} />
      {!agents.data ? (
        !agents.error && <Loading />
      ) : agents.data.length === 0 ? (
        <div className="card empty">No agents yet. Register one to run actions.</div>
      ) : (
        <div className="card card-flush">
          <table className="table responsive" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Capabilities</th>
                <th scope="col">Location</th>
                <th scope="col" className="num">Running</th>
              </tr>
            </thead>
            <tbody>
              {agents.data.map((agent) => (
                <tr key={agent.name} data-testid={`agent-row-${agent.name}`}>
                  <td data-label="Name" className="nowrap">
                    <Link href={`/agents/${encodeURIComponent(agent.name)}`} className="strong">
                      {agent.name}
                    </Link>
                  </td>
                  <td data-label="Role" className="nowrap">
                    {agent.role}
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={agent.status} testId={`agent-status-${agent.name}`} />
                  </td>
                  <td data-label="Capabilities">
                    <span className="tags">
                      {agent.capabilities.map((capability) => (
                        <span key={capability} className="tag">
                          {capability}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td data-label="Location" className="mono small nowrap">
                    {locationText(agent)}
                  </td>
                  <td data-label="Running" className="num">
                    {agent.runningActions} / {agent.maxConcurrency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
