import { useEffect } from 'react';
import { ActionPage } from '../pages/actions/ActionPage';
import { ActionsPage } from '../pages/actions/ActionsPage';
import { NewActionPage } from '../pages/actions/NewActionPage';
import { AgentPage } from '../pages/agents/AgentPage';
import { AgentsPage } from '../pages/agents/AgentsPage';
import { RegisterAgentPage } from '../pages/agents/RegisterAgentPage';
import { CollaborationDiffPage } from '../pages/collaborations/CollaborationDiffPage';
import { CollaborationPage } from '../pages/collaborations/CollaborationPage';
import { CollaborationsPage } from '../pages/collaborations/CollaborationsPage';
import { NewCollaborationPage } from '../pages/collaborations/NewCollaborationPage';
import { DeadLetterPage } from '../pages/deadletters/DeadLetterPage';
import { DeadLettersPage } from '../pages/deadletters/DeadLettersPage';
import { ConnectionsPage } from '../pages/connections/ConnectionsPage';
import { GitPage } from '../pages/git/GitPage';
import { DashboardPage } from '../pages/monitoring/DashboardPage';
import { ExplorerPage } from '../pages/monitoring/ExplorerPage';
import { AlertRulePage } from '../pages/monitoring/AlertRulePage';
import { MonitoringAlertsPage } from '../pages/monitoring/MonitoringAlertsPage';
import { MonitoringPage } from '../pages/monitoring/MonitoringPage';
import { AlertChannelPage } from '../pages/monitoring/alerting/AlertChannelPage';
import { AlertChannelsPage } from '../pages/monitoring/alerting/AlertChannelsPage';
import { AlertRoutingPage } from '../pages/monitoring/alerting/AlertRoutingPage';
import { SilencePage } from '../pages/monitoring/alerting/SilencePage';
import { SilencesPage } from '../pages/monitoring/alerting/SilencesPage';
import { NotFoundPage } from '../pages/notfound/NotFoundPage';
import { OverviewPage } from '../pages/overview/OverviewPage';
import { GenerationBatchPage } from '../pages/testing/generated/GenerationBatchPage';
import { TestHistoryPage } from '../pages/testing/TestHistoryPage';
import { TestingPage } from '../pages/testing/TestingPage';
import { TestRunPage } from '../pages/testing/TestRunPage';
import { useRoute } from './router';
import type { Route } from './routes';

const titles: Record<Route['page'], string> = {
  overview: 'Overview',
  agents: 'Agents',
  'agent-new': 'Register an agent',
  agent: 'Agent',
  actions: 'Actions',
  'action-new': 'New action',
  action: 'Action',
  collaborations: 'Collaborations',
  'collaboration-new': 'New collaboration',
  collaboration: 'Collaboration',
  'collaboration-diff': 'Compare',
  'dead-letters': 'Dead letters',
  'dead-letter': 'Dead letter',
  git: 'Git',
  connections: 'Hosting connections',
  testing: 'Testing',
  'test-run': 'Test run',
  'test-history': 'Test history',
  'test-generation': 'Generated tests',
  monitoring: 'Monitoring',
  'monitoring-explore': 'Metric explorer',
  'monitoring-dashboard': 'Dashboard',
  'monitoring-alerts': 'Alerts',
  'monitoring-alert-rule': 'Alert rule',
  'monitoring-silences': 'Silences',
  'monitoring-silence': 'Silence',
  'monitoring-channels': 'Alert channels',
  'monitoring-channel': 'Alert channel',
  'monitoring-routing': 'Alert routing',
  'not-found': 'Not found',
};

export function Pages() {
  const route = useRoute();
  useEffect(() => {
    const detail = route.page === 'agent' ? ` ${route.name}` : route.page === 'action' || route.page === 'collaboration' ? ` ${route.id}` : route.page === 'collaboration-diff' ? ` ${route.id} and ${route.otherId}` : route.page === 'dead-letter' ? ` ${route.messageId}` : route.page === 'git' && route.repository ? ` ${route.repository}` : route.page === 'test-run' || route.page === 'test-history' || route.page === 'test-generation' ? ` ${route.id}` : '';
    document.title = `${titles[route.page]}${detail} · Agent Lightning`;
  }, [route]);

  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'agents':
      return <AgentsPage />;
    case 'agent-new':
      return <RegisterAgentPage />;
    case 'agent':
      return <AgentPage key={route.name} name={route.name} />;
    case 'actions':
      return <ActionsPage agent={route.agent} status={route.status} />;
    case 'action-new':
      return <NewActionPage agent={route.agent} />;
    case 'action':
      return <ActionPage key={route.id} id={route.id} />;
    case 'collaborations':
      return <CollaborationsPage status={route.status} />;
    case 'collaboration-new':
      return <NewCollaborationPage />;
    case 'collaboration':
      return <CollaborationPage key={route.id} id={route.id} />;
    case 'collaboration-diff':
      return <CollaborationDiffPage key={`${route.id}/${route.otherId}`} id={route.id} otherId={route.otherId} />;
    case 'dead-letters':
      return <DeadLettersPage />;
    case 'dead-letter':
      return <DeadLetterPage key={route.messageId} messageId={route.messageId} />;
    case 'git':
      return <GitPage repository={route.repository} />;
    case 'connections':
      return <ConnectionsPage />;
    case 'testing':
      return <TestingPage route={route} />;
    case 'test-run':
      return <TestRunPage key={route.id} id={route.id} route={route} />;
    case 'test-history':
      return <TestHistoryPage key={`${route.id}/${route.repository ?? ''}`} id={route.id} repository={route.repository} />;
    case 'test-generation':
      return <GenerationBatchPage key={route.id} id={route.id} />;
    case 'monitoring':
      return <MonitoringPage />;
    case 'monitoring-explore':
      return <ExplorerPage state={route.state ?? ''} />;
    case 'monitoring-dashboard':
      return <DashboardPage key={route.id} id={route.id} />;
    case 'monitoring-alerts':
      return <MonitoringAlertsPage rule={route.rule} state={route.state} />;
    case 'monitoring-alert-rule':
      return <AlertRulePage key={route.id ?? 'new'} id={route.id} />;
    case 'monitoring-silences':
      return <SilencesPage expired={route.expired === true} />;
    case 'monitoring-silence':
      return <SilencePage key={route.id ?? `new?${route.labels ?? ''}`} id={route.id} labels={route.labels} />;
    case 'monitoring-channels':
      return <AlertChannelsPage />;
    case 'monitoring-channel':
      return <AlertChannelPage key={route.id ?? 'new'} id={route.id} />;
    case 'monitoring-routing':
      return <AlertRoutingPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}
