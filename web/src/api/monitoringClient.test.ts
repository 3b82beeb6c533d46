import { describe, expect, it } from 'vitest';
import { FakeFetch } from '../testing/FakeFetch';
import { ApiClient, ApiError } from './client';
import { MonitoringClient, parseAlertStreamMessage, parseLiveMessage } from './monitoringClient';
import type { AlertRuleInput, DashboardDefinition } from './monitoringTypes';

const clientWith = (fake: FakeFetch) => new MonitoringClient(new ApiClient({ apiKey: 'lk_key', baseUrl: 'http://lightning.test', fetch: fake.fetch }));
const definition: DashboardDefinition = { name: 'Hosts', description: '', timeRange: '1h', refresh: '1s', variables: {}, panels: [] };
const saved = { ...definition, id: 'dash_1', version: 3, createdAt: '2026-11-25T10:00:00Z', updatedAt: '2026-11-25T10:00:00Z' };

describe('MonitoringClient', () => {
  it('query_SendsOnlyTheGivenParts_InTheTextForms', async () => {
    const fake = new FakeFetch().json(200, { measurement: 'cpu', field: 'usage_user', aggregate: 'mean', every: '10s', series: [], points: 0 });
    await clientWith(fake).query({ measurement: 'cpu', field: 'usage_user', where: 'host=web-1', from: 'now-1h', aggregate: 'mean', every: '10s', offset: '1d' });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/query?measurement=cpu&field=usage_user&where=host%3Dweb-1&from=now-1h&aggregate=mean&every=10s&offset=1d');
    expect(fake.last.headers.authorization).toBe('Bearer lk_key');
  });

  it('queryCsv_ReadsTheSameQueryFromQueryCsv', async () => {
    const fake = new FakeFetch().text(200, 'time,value\n');
    const blob = await clientWith(fake).queryCsv({ measurement: 'mem', field: 'used', from: 'now-5m' });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/query.csv?measurement=mem&field=used&from=now-5m');
    expect(await blob.text()).toBe('time,value\n');
  });

  it('series_AndAlertStates_BuildTheirQueries', async () => {
    const fake = new FakeFetch().json(200, []).json(200, []);
    const client = clientWith(fake);
    await client.series('cpu');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/series?measurement=cpu&limit=1000');
    await client.alertStates({ from: '2026-11-25T10:00:00Z', measurement: 'cpu' });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts/states?from=2026-11-25T10%3A00%3A00Z&measurement=cpu');
  });

  it('tagValues_AsksForOneKey_OfOneMeasurement_Bounded', async () => {
    const fake = new FakeFetch().json(200, ['web-1', 'web-2']);
    expect(await clientWith(fake).tagValues('host', 'procstat', 1)).toEqual(['web-1', 'web-2']);
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/tag-values?key=host&measurement=procstat&limit=1');
  });

  it('alertStates_KeepsItsQuery', async () => {
    const fake = new FakeFetch().json(200, []);
    await clientWith(fake).alertStates({ from: '2026-11-25T10:00:00Z', measurement: 'cpu' });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts/states?from=2026-11-25T10%3A00%3A00Z&measurement=cpu');
  });

  it('updateDashboard_SendsTheVersionInIfMatch', async () => {
    const fake = new FakeFetch().json(200, { ...saved, version: 4 });
    const updated = await clientWith(fake).updateDashboard('dash_1', 3, definition);
    expect(fake.last.method).toBe('PUT');
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/dashboards/dash_1');
    expect(fake.last.headers['if-match']).toBe('"3"');
    expect(fake.last.headers.authorization).toBe('Bearer lk_key');
    expect(fake.last.body).toEqual(definition);
    expect(updated.version).toBe(4);
  });

  it('updateDashboard_AConflictIsA412ApiError', async () => {
    const fake = new FakeFetch().problem(412, { title: 'Precondition Failed', detail: 'The dashboard changed since version 3.' });
    const error = await clientWith(fake).updateDashboard('dash_1', 3, definition).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(412);
  });

  it('createAndDelete_AndTheReportAddress', async () => {
    const fake = new FakeFetch().json(201, saved).empty(204).text(200, '%PDF-1.7');
    const client = clientWith(fake);
    expect((await client.createDashboard(definition)).id).toBe('dash_1');
    expect(fake.last.method).toBe('POST');
    await client.deleteDashboard('dash_1');
    expect(fake.last.method).toBe('DELETE');
    await client.dashboardReport('dash 1', { from: 'now-1h' });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/dashboards/dash%201/report.pdf?from=now-1h');
  });

  it('listAlerts_SendsStateRuleAndPage_AndHistoryItsFilters', async () => {
    const fake = new FakeFetch().json(200, { alerts: [], nextBefore: null }).json(200, { alerts: [], nextBefore: null }).json(200, { events: [], nextBefore: null });
    const client = clientWith(fake);
    await client.listAlerts();
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts');
    await client.listAlerts('all', undefined, { rule: 'rule 1', before: 'alert_9', limit: 50 });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts?state=all&rule=rule+1&before=alert_9&limit=50');
    await client.alertHistory({ alert: 'alert_1', before: 42, limit: 100 });
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts/history?alert=alert_1&before=42&limit=100');
  });

  it('rules_CreateUpdateEnableDeleteAndBacktest', async () => {
    const input: AlertRuleInput = {
      name: 'Cpu',
      query: { measurement: 'cpu', field: 'usage', where: [], groupBy: [] },
      condition: { type: 'threshold', operator: '>', threshold: 90, reducer: 'last', percentile: null, window: null, sensitivity: null },
      for: '0s',
      interval: '5s',
      noData: 'no-data',
      labels: {},
      annotations: {},
      enabled: true,
    };
    const stored = { ...input, id: 'rule_1', createdBy: 'admin', createdAt: null, updatedAt: null };
    const fake = new FakeFetch().json(201, stored).json(200, stored).json(200, { ...stored, enabled: false }).empty(204).json(200, { alerts: [] });
    const client = clientWith(fake);
    expect((await client.createRule(input)).id).toBe('rule_1');
    expect([fake.last.method, fake.last.url, fake.last.body]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/rules', input]);
    await client.updateRule('rule 1', input);
    expect([fake.last.method, fake.last.url]).toEqual(['PUT', 'http://lightning.test/api/v2/monitoring/alerts/rules/rule%201']);
    await client.setRuleEnabled('rule_1', false);
    expect([fake.last.method, fake.last.url]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/rules/rule_1/disable']);
    await client.deleteRule('rule_1');
    expect(fake.last.method).toBe('DELETE');
    await client.backtest(input, Date.parse('2026-11-25T10:00:00Z'), Date.parse('2026-11-25T11:00:00Z'));
    expect([fake.last.method, fake.last.url]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/backtest']);
    expect(fake.last.body).toEqual({ rule: input, from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T11:00:00.000Z' });
  });

  it('silences_ListCreateUpdateExpire', async () => {
    const input = { matchers: [{ key: 'host', operator: 'equal' as const, value: 'web-1' }], startsAt: null, endsAt: '2026-11-25T12:00:00.000Z', comment: 'deploy' };
    const stored = { ...input, id: 'silence_1', startsAt: '2026-11-25T10:00:00Z', createdBy: 'admin', createdAt: '2026-11-25T10:00:00Z' };
    const fake = new FakeFetch().json(200, []).json(200, []).json(201, stored).json(200, stored).json(200, stored);
    const client = clientWith(fake);
    await client.listSilences(false);
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts/silences');
    await client.listSilences(true);
    expect(fake.last.url).toBe('http://lightning.test/api/v2/monitoring/alerts/silences?expired=true');
    await client.createSilence(input);
    expect([fake.last.method, fake.last.url, fake.last.body]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/silences', input]);
    await client.updateSilence('silence 1', input);
    expect([fake.last.method, fake.last.url]).toEqual(['PUT', 'http://lightning.test/api/v2/monitoring/alerts/silences/silence%201']);
    await client.expireSilence('silence_1');
    expect([fake.last.method, fake.last.url]).toEqual(['DELETE', 'http://lightning.test/api/v2/monitoring/alerts/silences/silence_1']);
  });

  it('channels_AndRouting_TheirRoutes_AndARefusedRoutingKeepsTheServersErrors', async () => {
    const fake = new FakeFetch()
      .json(201, { id: 'channel_1' })
      .json(200, { delivered: true, attempts: 1, responseStatus: 200, error: null })
      .empty(204)
      .json(400, { title: 'One or more validation errors occurred.', status: 400, errors: { 'root.channels': ["No channel 'nope': create it first."] } });
    const client = clientWith(fake);
    await client.createChannel({ name: 'hooks', type: 'webhook', url: 'http://127.0.0.1:9/', secret: 'sixteen-characters' });
    expect([fake.last.method, fake.last.url]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/channels']);
    expect((await client.testChannel('channel_1')).responseStatus).toBe(200);
    expect([fake.last.method, fake.last.url]).toEqual(['POST', 'http://lightning.test/api/v2/monitoring/alerts/channels/channel_1/test']);
    await client.deleteChannel('channel_1');
    expect(fake.last.method).toBe('DELETE');
    const refused = await client.setRouting({ root: { channels: ['nope'] } }).catch((error: unknown) => error);
    expect([fake.last.method, fake.last.url]).toEqual(['PUT', 'http://lightning.test/api/v2/monitoring/alerts/routing']);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).fieldErrors).toEqual({ 'root.channels': ["No channel 'nope': create it first."] });
  });

  it('liveUrl_CarriesTheKeyInAccessToken', () => {
    const client = new MonitoringClient(new ApiClient({ apiKey: 'lk_a+b', fetch: new FakeFetch().fetch }));
    expect(client.liveUrl('https://lightning.example')).toBe('wss://lightning.example/api/v2/monitoring/live?access_token=lk_a%2Bb');
  });
});

describe('parseLiveMessage', () => {
  it('readsSnapshotsPointsAndErrors', () => {
    const series = [{ tags: { host: 'a' }, times: [1], values: [null] }];
    expect(parseLiveMessage(JSON.stringify({ type: 'snapshot', id: 'p1', result: { measurement: 'cpu', field: 'x', aggregate: null, every: null, series, points: 1 } }))?.type).toBe('snapshot');
    expect(parseLiveMessage(JSON.stringify({ type: 'points', id: 'p1', series }))).toEqual({ type: 'points', id: 'p1', series });
    expect(parseLiveMessage(JSON.stringify({ type: 'error', id: 'p1', status: 404, detail: 'No measurement cpu.' }))).toEqual({ type: 'error', id: 'p1', status: 404, detail: 'No measurement cpu.' });
  });

  it.each([
    'not json',
    '[]',
    JSON.stringify({ type: 'points', series: [] }),
    JSON.stringify({ type: 'points', id: 'p1', series: [{ tags: {}, times: [1, 2], values: [1] }] }),
    JSON.stringify({ type: 'snapshot', id: 'p1', result: {} }),
    JSON.stringify({ type: 'hello', id: 'p1' }),
  ])('skips %s', (raw) => {
    expect(parseLiveMessage(raw)).toBeNull();
  });
});

describe('parseAlertStreamMessage', () => {
  it('readsAlertEvents_AndSkipsAnythingElse', () => {
    const event = { id: 7, alertId: 'alert_1', ruleId: 'rule_1', at: '2026-11-25T10:00:00Z', type: 'state-changed', from: 'pending', to: 'firing', channel: null, by: null, message: null, value: 95 };
    expect(parseAlertStreamMessage(JSON.stringify({ type: 'alert', event }))).toEqual(event);
    expect(parseAlertStreamMessage(JSON.stringify({ type: 'points', event }))).toBeNull();
    expect(parseAlertStreamMessage(JSON.stringify({ type: 'alert', event: { ...event, id: '7' } }))).toBeNull();
    expect(parseAlertStreamMessage('not json')).toBeNull();
  });
});
