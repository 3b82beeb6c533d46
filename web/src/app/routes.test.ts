import { describe, expect, it } from 'vitest';
import { areaOf, hrefOf, matchRoute, type Route } from './routes';

describe('matchRoute', () => {
  it.each<[string, string, Route]>([
    ['/', '', { page: 'overview' }],
    ['/agents', '', { page: 'agents' }],
    ['/agents/', '', { page: 'agents' }],
    ['/agents/new', '', { page: 'agent-new' }],
    ['/agents/devops-engineer', '', { page: 'agent', name: 'devops-engineer' }],
    ['/actions', '', { page: 'actions' }],
    ['/actions', '?agent=qa&status=timed-out', { page: 'actions', agent: 'qa', status: 'timed-out' }],
    ['/actions', '?status=bogus', { page: 'actions' }],
    ['/actions/new', '?agent=qa', { page: 'action-new', agent: 'qa' }],
    ['/actions/new', '', { page: 'action-new' }],
    ['/collaborations', '', { page: 'collaborations' }],
    ['/collaborations', '?status=budget-exhausted', { page: 'collaborations', status: 'budget-exhausted' }],
    ['/collaborations', '?status=queued', { page: 'collaborations' }],
    ['/collaborations/new', '', { page: 'collaboration-new' }],
    ['/collaborations/col_1', '', { page: 'collaboration', id: 'col_1' }],
    ['/collaborations/col_1/diff/col_2', '', { page: 'collaboration-diff', id: 'col_1', otherId: 'col_2' }],
    ['/collaborations/col_1/diff', '', { page: 'not-found', path: '/collaborations/col_1/diff' }],
    ['/collaborations/col_1/other/col_2', '', { page: 'not-found', path: '/collaborations/col_1/other/col_2' }],
    ['/dead-letters', '', { page: 'dead-letters' }],
    ['/dead-letters/msg_1', '', { page: 'dead-letter', messageId: 'msg_1' }],
    ['/dead-letters/msg_1/x', '', { page: 'not-found', path: '/dead-letters/msg_1/x' }],
    ['/git', '', { page: 'git' }],
    ['/git/shop', '', { page: 'git', repository: 'shop' }],
    ['/git/connections', '', { page: 'git', repository: 'connections' }],
    ['/connections', '', { page: 'connections' }],
    ['/connections/work', '', { page: 'not-found', path: '/connections/work' }],
    ['/actions/act_123', '', { page: 'action', id: 'act_123' }],
    ['/actions/act_1/extra', '', { page: 'not-found', path: '/actions/act_1/extra' }],
    ['/keys', '', { page: 'not-found', path: '/keys' }],
    ['/monitoring/alerts', '', { page: 'monitoring-alerts' }],
    ['/monitoring/alerts', '?rule=rule_1&state=all', { page: 'monitoring-alerts', rule: 'rule_1', state: 'all' }],
    ['/monitoring/alerts/rules/new', '', { page: 'monitoring-alert-rule' }],
    ['/monitoring/alerts/rules/rule_1', '', { page: 'monitoring-alert-rule', id: 'rule_1' }],
    ['/monitoring/alerts/rules', '', { page: 'not-found', path: '/monitoring/alerts/rules' }],
    ['/monitoring/alerts/silences', '', { page: 'monitoring-silences' }],
    ['/monitoring/alerts/silences', '?expired=1', { page: 'monitoring-silences', expired: true }],
    ['/monitoring/alerts/silences/new', '', { page: 'monitoring-silence' }],
    ['/monitoring/alerts/silences/new', '?label=host%3Dweb-1&label=alertname%3DHigh&x=1', { page: 'monitoring-silence', labels: 'label=host%3Dweb-1&label=alertname%3DHigh' }],
    ['/monitoring/alerts/silences/silence_1', '', { page: 'monitoring-silence', id: 'silence_1' }],
    ['/monitoring/alerts/channels', '', { page: 'monitoring-channels' }],
    ['/monitoring/alerts/channels/new', '', { page: 'monitoring-channel' }],
    ['/monitoring/alerts/channels/channel_1', '', { page: 'monitoring-channel', id: 'channel_1' }],
    ['/monitoring/alerts/routing', '', { page: 'monitoring-routing' }],
    ['/monitoring/alerts/routing/x', '', { page: 'not-found', path: '/monitoring/alerts/routing/x' }],
    ['/monitoring/alerts/channels/a/b', '', { page: 'not-found', path: '/monitoring/alerts/channels/a/b' }],
  ])('%s%s', (path, search, route) => {
    expect(matchRoute(path, search)).toEqual(route);
  });

  it('encodedSegments_AreDecoded_BadOnesKept', () => {
    expect(matchRoute('/agents/a%20b', '')).toEqual({ page: 'agent', name: 'a b' });
    expect(matchRoute('/agents/%E0%A4%A', '')).toEqual({ page: 'agent', name: '%E0%A4%A' });
  });
});

describe('hrefOf', () => {
  it.each<Route>([
    { page: 'overview' },
    { page: 'agents' },
    { page: 'agent-new' },
    { page: 'agent', name: 'data scientist' },
    { page: 'actions' },
    { page: 'actions', agent: 'qa', status: 'failed' },
    { page: 'action-new', agent: 'qa' },
    { page: 'action', id: 'act_9' },
    { page: 'collaborations', status: 'running' },
    { page: 'collaboration-new' },
    { page: 'collaboration', id: 'col 9' },
    { page: 'collaboration-diff', id: 'col 9', otherId: 'col/10' },
    { page: 'dead-letters' },
    { page: 'dead-letter', messageId: 'msg/9' },
    { page: 'git' },
    { page: 'git', repository: 'my repo' },
    { page: 'connections' },
    { page: 'monitoring-silences', expired: true },
    { page: 'monitoring-silence', labels: 'label=host%3Dweb+1' },
    { page: 'monitoring-silence', id: 'silence 1' },
    { page: 'monitoring-channel', id: 'channel/1' },
    { page: 'monitoring-routing' },
  ])('roundTrips %j', (route) => {
    const url = new URL(hrefOf(route), 'http://x');
    expect(matchRoute(url.pathname, url.search)).toEqual(route);
  });

  it('areas', () => {
    expect(areaOf({ page: 'agent', name: 'x' })).toBe('agents');
    expect(areaOf({ page: 'action-new' })).toBe('actions');
    expect(areaOf({ page: 'collaboration', id: 'x' })).toBe('collaborations');
    expect(areaOf({ page: 'collaboration-diff', id: 'x', otherId: 'y' })).toBe('collaborations');
    expect(areaOf({ page: 'dead-letter', messageId: 'x' })).toBe('dead-letters');
    expect(areaOf({ page: 'git', repository: 'shop' })).toBe('git');
    expect(areaOf({ page: 'connections' })).toBe('git');
    expect(areaOf({ page: 'not-found', path: '/x' })).toBeNull();
  });
});
