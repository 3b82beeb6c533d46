import { describe, expect, it } from 'vitest';
import { areaOf, hrefOf, matchRoute, type Route } from '../../app/routes';
import type { Dashboard } from '../../api/monitoringTypes';
import { compact } from './chartOptions';
import { definitionOf, emptyDashboard, withPanel } from './dashboardDraft';
import { escapeRegex, explorerQuery, filterTag, readExplorerState, withFilter, writeExplorerState } from './explorerState';
import { formatValue } from './MetricChart';

describe('monitoring routes', () => {
  it.each<[string, string, Route]>([
    ['/monitoring', '', { page: 'monitoring' }],
    ['/monitoring/explore', '', { page: 'monitoring-explore' }],
    ['/monitoring/explore', '?m=cpu&f=usage_user', { page: 'monitoring-explore', state: 'm=cpu&f=usage_user' }],
    ['/monitoring/dashboards/dash_1', '', { page: 'monitoring-dashboard', id: 'dash_1' }],
    ['/monitoring/alerts', '', { page: 'monitoring-alerts' }],
    ['/monitoring/other', '', { page: 'not-found', path: '/monitoring/other' }],
    ['/monitoring/dashboards', '', { page: 'not-found', path: '/monitoring/dashboards' }],
  ])('%s%s', (path, search, route) => {
    expect(matchRoute(path, search)).toEqual(route);
    expect(areaOf(route)).toBe(route.page === 'not-found' ? null : 'monitoring');
  });

  it('hrefOf_RoundTrips', () => {
    for (const route of [{ page: 'monitoring' }, { page: 'monitoring-explore', state: 'm=cpu&tag=host%3Dweb-1' }, { page: 'monitoring-dashboard', id: 'a b' }, { page: 'monitoring-alerts' }] as Route[]) {
      const url = new URL(hrefOf(route), 'http://x');
      expect(matchRoute(url.pathname, url.search)).toEqual(route);
    }
  });
});

describe('explorer state', () => {
  it('roundTripsThroughTheAddress', () => {
    const state = {
      ...readExplorerState(''),
      measurement: 'cpu',
      field: 'usage_user',
      filters: ['cpu=cpu-total', 'host!=db'],
      aggregate: 'p95',
      every: '10s',
      groupBy: 'host',
      range: { kind: 'relative' as const, span: '6h' },
      compare: '1d' as const,
      overlayTag: 'host',
      overlayValues: ['web-1', 'web.2'],
      drill: [{ level: 'process' as const, label: 'host web-1', tags: { host: 'web-1' } }],
    };
    expect(readExplorerState(writeExplorerState(state))).toEqual(state);
  });

  it('defaultsAreLeftOutOfTheAddress_AndBadPartsIgnored', () => {
    expect(writeExplorerState(readExplorerState(''))).toBe('');
    expect(readExplorerState(writeExplorerState({ ...readExplorerState('m=cpu'), overlayTag: 'host' })).overlayTag).toBe('host');
    const state = readExplorerState('compare=2d&range=soon&drill=%5B%7B%22level%22%3A%22x%22%7D%5D');
    expect(state.compare).toBeNull();
    expect(state.range).toEqual({ kind: 'relative', span: '1h' });
    expect(state.drill).toEqual([]);
  });

  it('hostVsHost_BecomesARegexFilterAndAGroup', () => {
    const state = { ...readExplorerState('m=cpu&f=usage_user&by=cpu&tag=cpu%3Dcpu-total'), overlayTag: 'host', overlayValues: ['web-1', 'web.2'] };
    expect(explorerQuery(state)).toEqual({ measurement: 'cpu', field: 'usage_user', where: 'cpu=cpu-total,host=~^(web-1|web\\.2)$', aggregate: 'mean', groupBy: 'cpu,host' });
  });

  it('rawPointsHaveNoAggregateNorBucket_AndNoFieldNoQuery', () => {
    expect(explorerQuery(readExplorerState('m=cpu&f=x&agg=raw&every=10s'))).toEqual({ measurement: 'cpu', field: 'x' });
    expect(explorerQuery(readExplorerState('m=cpu'))).toBeNull();
  });

  it('filters_OnePerTag', () => {
    expect(withFilter(['host=a', 'cpu=cpu0'], 'host', 'b')).toEqual(['cpu=cpu0', 'host=b']);
    expect(filterTag('path=~^/var')).toBe('path');
    expect(filterTag('core!=0')).toBe('core');
    expect(escapeRegex('a.b(c)')).toBe('a\\.b\\(c\\)');
  });
});

describe('dashboard drafts', () => {
  it('withPanel_AddsAHalfWidthPanelAtTheFirstFreePlace', () => {
    let draft = withPanel(emptyDashboard('Hosts'), { measurement: 'cpu', field: 'usage_user' }, '1d');
    draft = withPanel(draft, { measurement: 'mem', field: 'used' }, null, 'Memory');
    draft = withPanel(draft, { measurement: 'disk', field: 'used' }, null);
    expect(draft.panels.map((panel) => [panel.id, panel.title, panel.x, panel.y, panel.w, panel.h, panel.compare])).toEqual([
      ['p1', 'cpu.usage_user', 0, 0, 12, 4, '1d'],
      ['p2', 'Memory', 12, 0, 12, 4, null],
      ['p3', 'disk.used', 0, 4, 12, 4, null],
    ]);
  });

  it('definitionOf_DropsTheServerFields_AndCopies', () => {
    const saved: Dashboard = { ...withPanel(emptyDashboard('A'), { measurement: 'cpu', field: 'x' }, null), id: 'd', version: 1, createdAt: '', updatedAt: '' };
    const definition = definitionOf(saved);
    expect(Object.keys(definition).sort()).toEqual(['description', 'name', 'panels', 'refresh', 'timeRange', 'variables']);
    definition.panels[0]!.query.field = 'y';
    expect(saved.panels[0]!.query.field).toBe('x');
  });
});

describe('numbers', () => {
  it('legendAndAxisTexts', () => {
    expect(formatValue(null)).toBe('–');
    expect(formatValue(1234567)).toBe('1,234,567');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(compact(1_200_000)).toBe('1.2M');
    expect(compact(15_000)).toBe('15k');
    expect(compact(0.5)).toBe('0.5');
  });
});
