import type { ApiClient } from './client';
import { isObject, parseJsonObject } from './socketStream';
import type {
  AlertChannel,
  AlertChannelInput,
  AlertEvent,
  AlertEventPage,
  AlertPage,
  AlertRule,
  AlertRuleInput,
  AlertStateInterval,
  AlertView,
  BacktestResult,
  Dashboard,
  DashboardDefinition,
  DeliveryResult,
  LiveMessage,
  MetricQueryResult,
  MetricSeries,
  PlatformEventsView,
  RangeQuery,
  RoutingTestResult,
  SeriesInfo,
  Silence,
  SilenceInput,
} from './monitoringTypes';

const MONITORING = '/api/v2/monitoring';

/** `/api/v2/monitoring`: queries, series, alert states and saved dashboards. */
export class MonitoringClient {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  query(query: RangeQuery, signal?: AbortSignal): Promise<MetricQueryResult> {
    return this.#api.request<MetricQueryResult>('GET', `${MONITORING}/query${queryString(query)}`, undefined, signal);
  }

  /** The same query as CSV (a download). */
  queryCsv(query: RangeQuery, signal?: AbortSignal): Promise<Blob> {
    return this.#api.requestBlob(`${MONITORING}/query.csv${queryString(query)}`, signal);
  }

  measurements(signal?: AbortSignal): Promise<string[]> {
    return this.#api.request<string[]>('GET', `${MONITORING}/measurements`, undefined, signal);
  }

  series(measurement: string, where = '', limit = 1000, signal?: AbortSignal): Promise<SeriesInfo[]> {
    return this.#api.request<SeriesInfo[]>('GET', `${MONITORING}/series${search({ measurement, where, limit: String(limit) })}`, undefined, signal);
  }

  /** The distinct values of one tag key (e.g. the hosts reporting a measurement), sorted, at most `limit`. */
  tagValues(key: string, measurement = '', limit = 1000, signal?: AbortSignal): Promise<string[]> {
    return this.#api.request<string[]>('GET', `${MONITORING}/tag-values${search({ key, measurement, limit: String(limit) })}`, undefined, signal);
  }

  alertStates(range: { from: string; to?: string; measurement?: string }, signal?: AbortSignal): Promise<AlertStateInterval[]> {
    return this.#api.request<AlertStateInterval[]>('GET', `${MONITORING}/alerts/states${search(range)}`, undefined, signal);
  }

  /**
   * Platform events of every source in [from, to), oldest first (the newest `limit` when there are more); `where` (a
   * chart's tag filters) keeps the events whose labels fit them and those without such labels.
   */
  platformEvents(range: { from: string; to: string; kind?: string; limit?: string; where?: string }, signal?: AbortSignal): Promise<PlatformEventsView> {
    return this.#api.request<PlatformEventsView>('GET', `${MONITORING}/events${search(range)}`, undefined, signal);
  }

  /**
   * Alerts newest first: the active ones (pending, firing, no-data, error) unless `state` names others
   * (comma-separated) or `all`; each firing is an alert of its own, so `all` is the history of every firing.
   */
  listAlerts(state?: string, signal?: AbortSignal, filter: { rule?: string; before?: string; limit?: number } = {}): Promise<AlertPage> {
    return this.#api.request<AlertPage>(
      'GET',
      `${MONITORING}/alerts${search({ state, rule: filter.rule, before: filter.before, limit: filter.limit?.toString() })}`,
      undefined,
      signal,
    );
  }

  /** History entries newest first (state changes, notifications, acknowledgments, escalations, silenced, inhibited). */
  alertHistory(filter: { alert?: string; rule?: string; type?: string; before?: number; limit?: number }, signal?: AbortSignal): Promise<AlertEventPage> {
    return this.#api.request<AlertEventPage>(
      'GET',
      `${MONITORING}/alerts/history${search({ alert: filter.alert, rule: filter.rule, type: filter.type, before: filter.before?.toString(), limit: filter.limit?.toString() })}`,
      undefined,
      signal,
    );
  }

  listRules(signal?: AbortSignal): Promise<AlertRule[]> {
    return this.#api.request<AlertRule[]>('GET', `${MONITORING}/alerts/rules`, undefined, signal);
  }

  getRule(id: string, signal?: AbortSignal): Promise<AlertRule> {
    return this.#api.request<AlertRule>('GET', rule(id), undefined, signal);
  }

  createRule(input: AlertRuleInput): Promise<AlertRule> {
    return this.#api.request<AlertRule>('POST', `${MONITORING}/alerts/rules`, input);
  }

  updateRule(id: string, input: AlertRuleInput): Promise<AlertRule> {
    return this.#api.request<AlertRule>('PUT', rule(id), input);
  }

  async deleteRule(id: string): Promise<void> {
    await this.#api.request<undefined>('DELETE', rule(id));
  }

  setRuleEnabled(id: string, enabled: boolean): Promise<AlertRule> {
    return this.#api.request<AlertRule>('POST', `${rule(id)}/${enabled ? 'enable' : 'disable'}`);
  }

  /** Replays a rule as written (not saved) over stored metrics in [from, to]. */
  backtest(input: AlertRuleInput, from: number, to: number, signal?: AbortSignal): Promise<BacktestResult> {
    const body = { rule: input, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    return this.#api.request<BacktestResult>('POST', `${MONITORING}/alerts/backtest`, body, signal);
  }

  acknowledge(id: string, comment: string): Promise<AlertView> {
    return this.#api.request<AlertView>('POST', `${MONITORING}/alerts/${encodeURIComponent(id)}/ack`, { comment });
  }

  /** Silences newest first; ended ones too when `expired`. */
  listSilences(expired: boolean, signal?: AbortSignal): Promise<Silence[]> {
    return this.#api.request<Silence[]>('GET', `${MONITORING}/alerts/silences${expired ? '?expired=true' : ''}`, undefined, signal);
  }

  getSilence(id: string, signal?: AbortSignal): Promise<Silence> {
    return this.#api.request<Silence>('GET', silence(id), undefined, signal);
  }

  createSilence(input: SilenceInput): Promise<Silence> {
    return this.#api.request<Silence>('POST', `${MONITORING}/alerts/silences`, input);
  }

  updateSilence(id: string, input: SilenceInput): Promise<Silence> {
    return this.#api.request<Silence>('PUT', silence(id), input);
  }

  /** Ends a silence now; it stays listed among the expired ones. */
  expireSilence(id: string): Promise<Silence> {
    return this.#api.request<Silence>('DELETE', silence(id));
  }

  listChannels(signal?: AbortSignal): Promise<AlertChannel[]> {
    return this.#api.request<AlertChannel[]>('GET', `${MONITORING}/alerts/channels`, undefined, signal);
  }

  getChannel(id: string, signal?: AbortSignal): Promise<AlertChannel> {
    return this.#api.request<AlertChannel>('GET', channel(id), undefined, signal);
  }

  createChannel(input: AlertChannelInput): Promise<AlertChannel> {
    return this.#api.request<AlertChannel>('POST', `${MONITORING}/alerts/channels`, input);
  }

  updateChannel(id: string, input: AlertChannelInput): Promise<AlertChannel> {
    return this.#api.request<AlertChannel>('PUT', channel(id), input);
  }

  async deleteChannel(id: string): Promise<void> {
    await this.#api.request<undefined>('DELETE', channel(id));
  }

  /** Sends a sample notification through the channel now: whether it was delivered, the receiver's status or the error. */
  testChannel(id: string): Promise<DeliveryResult> {
    return this.#api.request<DeliveryResult>('POST', `${channel(id)}/test`);
  }

  /** The routing document (route tree, inhibitions, escalations) as the server keeps it. */
  getRouting(signal?: AbortSignal): Promise<Record<string, unknown>> {
    return this.#api.request<Record<string, unknown>>('GET', `${MONITORING}/alerts/routing`, undefined, signal);
  }

  /** Replaces the routing document; an invalid one is refused with the server's ProblemDetails. */
  setRouting(document: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.#api.request<Record<string, unknown>>('PUT', `${MONITORING}/alerts/routing`, document);
  }

  /** Where an alert with these labels would go: through the stored routing, or through `routing` (checked, not saved). */
  testRouting(labels: Record<string, string>, routing?: Record<string, unknown>): Promise<RoutingTestResult> {
    return this.#api.request<RoutingTestResult>('POST', `${MONITORING}/alerts/routing/test`, routing ? { labels, routing } : { labels });
  }

  listDashboards(signal?: AbortSignal): Promise<Dashboard[]> {
    return this.#api.request<Dashboard[]>('GET', `${MONITORING}/dashboards`, undefined, signal);
  }

  getDashboard(id: string, signal?: AbortSignal): Promise<Dashboard> {
    return this.#api.request<Dashboard>('GET', dashboard(id), undefined, signal);
  }

  createDashboard(definition: DashboardDefinition): Promise<Dashboard> {
    return this.#api.request<Dashboard>('POST', `${MONITORING}/dashboards`, definition);
  }

  /** Saves over `version`; the server answers 412 when someone saved in between (ApiError.status). */
  updateDashboard(id: string, version: Dashboard['version'], definition: DashboardDefinition): Promise<Dashboard> {
    return this.#api.request<Dashboard>('PUT', dashboard(id), definition, undefined, { 'If-Match': `"${version}"` });
  }

  async deleteDashboard(id: string): Promise<void> {
    await this.#api.request<undefined>('DELETE', dashboard(id));
  }

  /** The dashboard as a PDF report made on the server. */
  dashboardReport(id: string, range: { from: string; to?: string }, signal?: AbortSignal): Promise<Blob> {
    return this.#api.requestBlob(`${dashboard(id)}/report.pdf${search(range)}`, signal);
  }

  /** `/live`: subscribe and unsubscribe messages over one socket; the key rides in `access_token`. */
  liveUrl(pageOrigin: string): string {
    return this.#api.streamUrl(`${MONITORING}/live`, pageOrigin);
  }

  alertStreamUrl(pageOrigin: string): string {
    return this.#api.streamUrl(`${MONITORING}/alerts/stream`, pageOrigin);
  }
}

const rule = (id: string) => `${MONITORING}/alerts/rules/${encodeURIComponent(id)}`;
const silence = (id: string) => `${MONITORING}/alerts/silences/${encodeURIComponent(id)}`;
const channel = (id: string) => `${MONITORING}/alerts/channels/${encodeURIComponent(id)}`;
const dashboard = (id: string) => `${MONITORING}/dashboards/${encodeURIComponent(id)}`;

export function queryString(query: RangeQuery): string {
  return search({
    measurement: query.measurement,
    field: query.field,
    where: query.where,
    from: query.from,
    to: query.to,
    aggregate: query.aggregate,
    every: query.every,
    groupBy: query.groupBy,
    fill: query.fill,
    limit: query.limit?.toString(),
    offset: query.offset,
  });
}

function search(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Reads one message of `/live`; null for anything unknown or malformed. */
export function parseLiveMessage(raw: string): LiveMessage | null {
  const message = parseJsonObject(raw);
  if (!message || typeof message.id !== 'string') return null;
  switch (message.type) {
    case 'snapshot':
      return isObject(message.result) && Array.isArray(message.result.series) && message.result.series.every(isSeries)
        ? { type: 'snapshot', id: message.id, result: message.result as unknown as MetricQueryResult }
        : null;
    case 'points':
      return Array.isArray(message.series) && message.series.every(isSeries) ? { type: 'points', id: message.id, series: message.series } : null;
    case 'error':
      return { type: 'error', id: message.id, status: typeof message.status === 'number' ? message.status : 0, detail: typeof message.detail === 'string' ? message.detail : 'The query failed.' };
    default:
      return null;
  }
}

function isSeries(value: unknown): value is MetricSeries {
  return isObject(value) && isObject(value.tags) && Array.isArray(value.times) && Array.isArray(value.values) && value.times.length === value.values.length;
}

/** Reads one message of `/alerts/stream` (`{"type":"alert","event":{...}}`); null for anything else. */
export function parseAlertStreamMessage(raw: string): AlertEvent | null {
  const message = parseJsonObject(raw);
  if (!message || message.type !== 'alert' || !isObject(message.event)) return null;
  const event = message.event;
  return typeof event.id === 'number' && typeof event.ruleId === 'string' && typeof event.type === 'string' && typeof event.at === 'string'
    ? (event as unknown as AlertEvent)
    : null;
}
