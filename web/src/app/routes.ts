import { ACTION_STATUSES, COLLABORATION_STATUSES, type ActionStatus, type CollaborationStatus } from '../api/types';
import { TEST_RUN_STATUSES, type TestRunStatus } from '../api/testingTypes';

/** Every page of the dashboard. The server answers client-side paths with index.html, so real paths work on reload. */
export type Route =
  | { page: 'overview' }
  | { page: 'agents' }
  | { page: 'agent-new' }
  | { page: 'agent'; name: string }
  | { page: 'actions'; agent?: string; status?: ActionStatus }
  | { page: 'action-new'; agent?: string }
  | { page: 'action'; id: string }
  | { page: 'collaborations'; status?: CollaborationStatus }
  | { page: 'collaboration-new' }
  | { page: 'collaboration'; id: string }
  | { page: 'collaboration-diff'; id: string; otherId: string }
  | { page: 'dead-letters' }
  | { page: 'dead-letter'; messageId: string }
  | { page: 'git'; repository?: string }
  | { page: 'connections' }
  | { page: 'testing'; tab?: TestingTab; repository?: string; framework?: string; status?: TestRunStatus }
  | { page: 'test-run'; id: string; view?: 'coverage'; file?: string; line?: number }
  | { page: 'test-history'; id: string; repository?: string }
  | { page: 'test-generation'; id: string }
  | { page: 'monitoring' }
  /** `state` is the explorer's query string as is (explorerState.ts reads it), so a chart is a link. */
  | { page: 'monitoring-explore'; state?: string }
  | { page: 'monitoring-dashboard'; id: string }
  /** The alerts and rules; `rule` and `state` filter the alert history (`state` as `/alerts` takes it, e.g. `all`). */
  | { page: 'monitoring-alerts'; rule?: string; state?: string }
  /** A rule's editor with its backtest; `id` is absent for a new rule. */
  | { page: 'monitoring-alert-rule'; id?: string }
  /** Silences: active and pending ones, ended ones too with `expired`. */
  | { page: 'monitoring-silences'; expired?: boolean }
  /** A silence's form; `id` absent for a new one, whose `labels` (`label=key=value`, repeated) prefill its matchers. */
  | { page: 'monitoring-silence'; id?: string; labels?: string }
  | { page: 'monitoring-channels' }
  | { page: 'monitoring-channel'; id?: string }
  | { page: 'monitoring-routing' }
  | { page: 'not-found'; path: string };

/** The Testing page's sections; `runs` is the default and has no path segment of its own. */
export const TESTING_TABS = ['runs', 'slowest', 'failing', 'flaky', 'coverage', 'generated', 'select', 'notifications'] as const;
export type TestingTab = (typeof TESTING_TABS)[number];

export function matchRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(safeDecode);
  const query = new URLSearchParams(search);
  const [area, item, ...rest] = parts;
  // The one three-level path: /collaborations/{id}/diff/{otherId}.
  if (area === 'collaborations' && item && rest.length === 2 && rest[0] === 'diff' && rest[1]) return { page: 'collaboration-diff', id: item, otherId: rest[1] };
  if (area === 'testing' && item === 'runs' && rest.length === 1 && rest[0]) return { page: 'test-run', id: rest[0] };
  if (area === 'testing' && item === 'runs' && rest.length === 2 && rest[0] && rest[1] === 'coverage') return testRunCoverage(rest[0], query);
  if (area === 'testing' && item === 'generated' && rest.length === 1 && rest[0]) return { page: 'test-generation', id: rest[0] };
  if (area === 'monitoring' && item === 'dashboards' && rest.length === 1 && rest[0]) return { page: 'monitoring-dashboard', id: rest[0] };
  if (area === 'monitoring' && item === 'alerts' && rest.length === 2 && rest[0] === 'rules' && rest[1])
    return rest[1] === 'new' ? { page: 'monitoring-alert-rule' } : { page: 'monitoring-alert-rule', id: rest[1] };
  if (area === 'monitoring' && item === 'alerts' && rest.length >= 1) {
    const alertsRoute = matchAlertsArea(rest, query);
    if (alertsRoute) return alertsRoute;
  }
  if (rest.length > 0 || item === '') return { page: 'not-found', path: pathname };

  switch (area) {
    case undefined:
      return { page: 'overview' };
    case 'agents':
      if (item === undefined) return { page: 'agents' };
      if (item === 'new') return { page: 'agent-new' };
      return { page: 'agent', name: item };
    case 'actions': {
      const agent = query.get('agent') || undefined;
      if (item === 'new') return agent ? { page: 'action-new', agent } : { page: 'action-new' };
      if (item !== undefined) return { page: 'action', id: item };
      const route: { page: 'actions'; agent?: string; status?: ActionStatus } = { page: 'actions' };
      if (agent) route.agent = agent;
      const status = query.get('status');
      if (status && isActionStatus(status)) route.status = status;
      return route;
    }
    case 'collaborations': {
      if (item === 'new') return { page: 'collaboration-new' };
      if (item !== undefined) return { page: 'collaboration', id: item };
      const status = query.get('status');
      return status && (COLLABORATION_STATUSES as readonly string[]).includes(status)
        ? { page: 'collaborations', status: status as CollaborationStatus }
        : { page: 'collaborations' };
    }
    case 'dead-letters':
      return item === undefined ? { page: 'dead-letters' } : { page: 'dead-letter', messageId: item };
    case 'git':
      return item === undefined ? { page: 'git' } : { page: 'git', repository: item };
    case 'testing':
      return matchTesting(item, query, pathname);
    case 'monitoring':
      if (item === undefined) return { page: 'monitoring' };
      if (item === 'explore') return query.toString() ? { page: 'monitoring-explore', state: query.toString() } : { page: 'monitoring-explore' };
      if (item === 'alerts') {
        const route: { page: 'monitoring-alerts'; rule?: string; state?: string } = { page: 'monitoring-alerts' };
        const rule = query.get('rule');
        const state = query.get('state');
        if (rule) route.rule = rule;
        if (state) route.state = state;
        return route;
      }
      return { page: 'not-found', path: pathname };
    // Not under /git/: a repository may well be called "connections".
    case 'connections':
      return item === undefined ? { page: 'connections' } : { page: 'not-found', path: pathname };
    default:
      return { page: 'not-found', path: pathname };
  }
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '/';
    case 'agents':
      return '/agents';
    case 'agent-new':
      return '/agents/new';
    case 'agent':
      return `/agents/${encodeURIComponent(route.name)}`;
    case 'actions':
      return `/actions${queryOf({ agent: route.agent, status: route.status })}`;
    case 'action-new':
      return `/actions/new${queryOf({ agent: route.agent })}`;
    case 'action':
      return `/actions/${encodeURIComponent(route.id)}`;
    case 'collaborations':
      return `/collaborations${queryOf({ status: route.status })}`;
    case 'collaboration-new':
      return '/collaborations/new';
    case 'collaboration':
      return `/collaborations/${encodeURIComponent(route.id)}`;
    case 'collaboration-diff':
      return `/collaborations/${encodeURIComponent(route.id)}/diff/${encodeURIComponent(route.otherId)}`;
    case 'dead-letters':
      return '/dead-letters';
    case 'dead-letter':
      return `/dead-letters/${encodeURIComponent(route.messageId)}`;
    case 'git':
      return route.repository ? `/git/${encodeURIComponent(route.repository)}` : '/git';
    case 'connections':
      return '/connections';
    case 'testing':
      return `/testing${route.tab && route.tab !== 'runs' ? `/${route.tab}` : ''}${queryOf({ repository: route.repository, framework: route.framework, status: route.status })}`;
    case 'test-run':
      return `/testing/runs/${encodeURIComponent(route.id)}${route.view === 'coverage' ? `/coverage${queryOf({ file: route.file, line: route.line?.toString() })}` : ''}`;
    case 'test-history':
      return `/testing/tests${queryOf({ id: route.id, repository: route.repository })}`;
    case 'test-generation':
      return `/testing/generated/${encodeURIComponent(route.id)}`;
    case 'monitoring':
      return '/monitoring';
    case 'monitoring-explore':
      return `/monitoring/explore${route.state ? `?${route.state}` : ''}`;
    case 'monitoring-dashboard':
      return `/monitoring/dashboards/${encodeURIComponent(route.id)}`;
    case 'monitoring-alerts':
      return `/monitoring/alerts${queryOf({ rule: route.rule, state: route.state })}`;
    case 'monitoring-alert-rule':
      return `/monitoring/alerts/rules/${route.id ? encodeURIComponent(route.id) : 'new'}`;
    case 'monitoring-silences':
      return `/monitoring/alerts/silences${route.expired ? '?expired=1' : ''}`;
    case 'monitoring-silence':
      return route.id ? `/monitoring/alerts/silences/${encodeURIComponent(route.id)}` : `/monitoring/alerts/silences/new${route.labels ? `?${route.labels}` : ''}`;
    case 'monitoring-channels':
      return '/monitoring/alerts/channels';
    case 'monitoring-channel':
      return `/monitoring/alerts/channels/${route.id ? encodeURIComponent(route.id) : 'new'}`;
    case 'monitoring-routing':
      return '/monitoring/alerts/routing';
    case 'not-found':
      return route.path;
  }
}

/** The nav entry a route belongs to. */
export function areaOf(route: Route): 'overview' | 'agents' | 'actions' | 'collaborations' | 'dead-letters' | 'git' | 'testing' | 'monitoring' | null {
  switch (route.page) {
    case 'overview':
      return 'overview';
    case 'agents':
    case 'agent':
    case 'agent-new':
      return 'agents';
    case 'actions':
    case 'action':
    case 'action-new':
      return 'actions';
    case 'collaborations':
    case 'collaboration':
    case 'collaboration-diff':
    case 'collaboration-new':
      return 'collaborations';
    case 'dead-letters':
    case 'dead-letter':
      return 'dead-letters';
    case 'git':
    case 'connections':
      return 'git';
    case 'testing':
    case 'test-run':
    case 'test-history':
    case 'test-generation':
      return 'testing';
    case 'monitoring':
    case 'monitoring-explore':
    case 'monitoring-dashboard':
    case 'monitoring-alerts':
    case 'monitoring-alert-rule':
    case 'monitoring-silences':
    case 'monitoring-silence':
    case 'monitoring-channels':
    case 'monitoring-channel':
    case 'monitoring-routing':
      return 'monitoring';
    case 'not-found':
      return null;
  }
}

/** /monitoring/alerts/{silences,channels,routing}[/{id|new}]; null for any other path under /monitoring/alerts. */
function matchAlertsArea(rest: string[], query: URLSearchParams): Route | null {
  const [section, id, ...more] = rest;
  if (more.length > 0 || id === '') return null;
  switch (section) {
    case 'silences': {
      if (id === undefined) return query.get('expired') ? { page: 'monitoring-silences', expired: true } : { page: 'monitoring-silences' };
      if (id !== 'new') return { page: 'monitoring-silence', id };
      const labels = new URLSearchParams(query.getAll('label').map((value) => ['label', value])).toString();
      return labels ? { page: 'monitoring-silence', labels } : { page: 'monitoring-silence' };
    }
    case 'channels':
      if (id === undefined) return { page: 'monitoring-channels' };
      return id === 'new' ? { page: 'monitoring-channel' } : { page: 'monitoring-channel', id };
    case 'routing':
      return id === undefined ? { page: 'monitoring-routing' } : null;
    default:
      return null;
  }
}

/** /testing (runs), /testing/slowest, /testing/failing with their filters; /testing/tests?id= is one test's history. */
function matchTesting(item: string | undefined, query: URLSearchParams, pathname: string): Route {
  if (item === 'tests') {
    const id = query.get('id');
    if (!id) return { page: 'not-found', path: pathname };
    const repository = query.get('repository');
    return repository ? { page: 'test-history', id, repository } : { page: 'test-history', id };
  }
  const tab = item ?? 'runs';
  if (!(TESTING_TABS as readonly string[]).includes(tab) || item === 'runs') return { page: 'not-found', path: pathname };
  const route: { page: 'testing'; tab?: TestingTab; repository?: string; framework?: string; status?: TestRunStatus } = { page: 'testing' };
  if (tab !== 'runs') route.tab = tab as TestingTab;
  const repository = query.get('repository');
  const framework = query.get('framework');
  const status = query.get('status');
  if (repository) route.repository = repository;
  if (framework) route.framework = framework;
  if (status && (TEST_RUN_STATUSES as readonly string[]).includes(status)) route.status = status as TestRunStatus;
  return route;
}

/** /testing/runs/{id}/coverage?file=src/calc.py&line=12: a run's coverage, a file open at a line. */
function testRunCoverage(id: string, query: URLSearchParams): Route {
  const route: { page: 'test-run'; id: string; view: 'coverage'; file?: string; line?: number } = { page: 'test-run', id, view: 'coverage' };
  const file = query.get('file');
  const line = Number(query.get('line'));
  if (file) route.file = file;
  if (file && Number.isInteger(line) && line > 0) route.line = line;
  return route;
}

function isActionStatus(value: string): value is ActionStatus {
  return (ACTION_STATUSES as readonly string[]).includes(value);
}

function queryOf(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
