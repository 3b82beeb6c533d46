/** `/api/v2/monitoring` shapes (Endpoints/Monitoring/MetricQueryView.cs, MonitoringAlertEndpoints.cs, dashboards). */

export interface MetricSeries {
  tags: Record<string, string>;
  /** Milliseconds since the epoch, ascending. */
  times: number[];
  values: (number | null)[];
}

export interface MetricQueryResult {
  measurement: string;
  field: string;
  from?: string;
  to?: string;
  aggregate: string | null;
  every: string | null;
  series: MetricSeries[];
  points: number;
}

export interface SeriesInfo {
  key: string;
  measurement: string;
  tags: Record<string, string>;
  /** Field name to type: float, integer, boolean, string. */
  fields: Record<string, string>;
}

/** A query in the text forms of docs/monitoring.md ("Query text forms"); the live socket and panels use it too. */
export interface PanelQuery {
  measurement: string;
  field: string;
  where?: string;
  aggregate?: string;
  every?: string;
  groupBy?: string;
}

/** A query over a time range, as /query and /query.csv take it. */
export interface RangeQuery extends PanelQuery {
  from: string;
  to?: string;
  fill?: string;
  limit?: number;
  offset?: string;
}

export type AlertBandState = 'firing' | 'pending' | 'acknowledged';

export interface AlertStateInterval {
  ruleId: string;
  ruleName: string;
  labels: Record<string, string>;
  state: AlertBandState;
  start: number;
  end: number | null;
  severity?: string | null;
}

/** A platform event (deployment, rollback, configuration change, collaboration), drawn as a marker on charts. */
export interface PlatformEventView {
  id: string;
  source: string;
  /** Epoch milliseconds. */
  at: number;
  kind: string;
  title: string;
  labels: Record<string, string>;
  text?: string | null;
  by?: string | null;
}

export interface PlatformEventsView {
  from: number;
  to: number;
  events: PlatformEventView[];
  truncated: boolean;
  failedSources: string[];
}

export const PANEL_KINDS = ['line', 'area', 'bar', 'stat'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export const COMPARE_OFFSETS = ['1d', '1w'] as const;
export type CompareOffset = (typeof COMPARE_OFFSETS)[number];

export interface DashboardPanel {
  id: string;
  title: string;
  kind: PanelKind;
  query: PanelQuery;
  compare: CompareOffset | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DashboardDefinition {
  name: string;
  description: string;
  timeRange: string;
  refresh: string;
  variables: Record<string, string>;
  panels: DashboardPanel[];
}

export interface Dashboard extends DashboardDefinition {
  id: string;
  version: number | string;
  createdAt: string;
  updatedAt: string;
}

/** Messages of `/api/v2/monitoring/live`. */
export type LiveMessage =
  | { type: 'snapshot'; id: string; result: MetricQueryResult }
  | { type: 'points'; id: string; series: MetricSeries[] }
  | { type: 'error'; id: string; status: number; detail: string };

/** An alert as `/api/v2/monitoring/alerts` lists it (Alerts/Evaluation/AlertView.cs). */
export interface AlertView {
  id: string;
  ruleId: string;
  ruleName: string;
  state: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  activeAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledgment: { by: string; at: string; comment: string } | null;
}

export interface AlertPage {
  alerts: AlertView[];
  nextBefore: string | null;
}

/** Alert rules (Alerts/Rules/AlertRule.cs); enums travel as the server writes them (kebab-case, operators as symbols). */
export type TagOperator = 'equal' | 'not-equal' | 'matches' | 'not-matches';
export interface TagFilterJson {
  key: string;
  operator: TagOperator;
  value: string;
}
export type AlertConditionType = 'threshold' | 'anomaly';
export type ComparisonOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type Reducer = 'last' | 'mean' | 'min' | 'max' | 'sum' | 'count' | 'median' | 'stddev' | 'percentile';

export interface AlertConditionJson {
  type: AlertConditionType;
  operator: ComparisonOperator | null;
  threshold: number | null;
  reducer: Reducer;
  percentile: number | null;
  /** A duration (`5m`); null: 5m for thresholds, 1h for anomalies. */
  window: string | null;
  sensitivity: number | null;
}

/** A rule as POST/PUT `/alerts/rules` and POST `/alerts/backtest` take it. */
export interface AlertRuleInput {
  name: string;
  query: { measurement: string; field: string; where: TagFilterJson[]; groupBy: string[] };
  condition: AlertConditionJson;
  for: string;
  interval: string;
  noData: 'no-data' | 'ok';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  enabled: boolean;
}

export interface AlertRule extends AlertRuleInput {
  id: string;
  createdBy: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** One entry of `/alerts/history` and of the `/alerts/stream` socket (Alerts/History/AlertEvent.cs). */
export interface AlertEvent {
  id: number;
  alertId: string | null;
  ruleId: string;
  at: string;
  type: string;
  from: string | null;
  to: string | null;
  channel: string | null;
  by: string | null;
  message: string | null;
  value: number | null;
}

export interface AlertEventPage {
  events: AlertEvent[];
  nextBefore: number | null;
}

export interface BacktestAlert {
  labels: Record<string, string>;
  activeAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  finalState: string;
  peakValue: number | null;
  /** When the query returned no series or failed: notified, but not a breach, so not counted as fired. */
  noDataAt?: string | null;
}

export interface BacktestResult {
  rule: string;
  from: string;
  to: string;
  interval: string;
  evaluations: number;
  seriesRead: number;
  pointsRead: number;
  alerts: BacktestAlert[];
  transitions: { at: string; labels: Record<string, string>; from: string; to: string; value: number | null }[];
}

/** A silence (Alerts/Notifications/Silence.cs): mutes the notifications of matching alerts from startsAt to endsAt. */
export interface Silence {
  id: string;
  matchers: TagFilterJson[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  createdAt: string;
}

/** POST/PUT `/alerts/silences`; a missing start is now (on a change: the stored start). */
export interface SilenceInput {
  matchers: TagFilterJson[];
  startsAt: string | null;
  endsAt: string | null;
  comment: string;
}

export type ChannelType = 'email' | 'slack' | 'webhook';
export type SmtpSecurity = 'none' | 'start-tls-when-available' | 'start-tls' | 'ssl-on-connect';

/** A channel as the API shows it (AlertChannelView): the URL's host only, and whether a secret or password is set. */
export interface AlertChannel {
  id: string;
  name: string;
  type: ChannelType;
  to: string[];
  smtpHost: string | null;
  smtpPort: number | null;
  from: string | null;
  user: string | null;
  security: SmtpSecurity | null;
  urlHost: string | null;
  hasPassword: boolean;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST/PUT `/alerts/channels`: fields left out are kept on a change; url, secret and password are write-only. */
export interface AlertChannelInput {
  name: string;
  type?: ChannelType;
  to?: string[];
  smtpHost?: string;
  smtpPort?: number;
  from?: string;
  user?: string | null;
  password?: string;
  security?: SmtpSecurity;
  url?: string;
  secret?: string;
}

/** How a test send through a channel went (DeliveryResult). */
/** POST /alerts/routing/test: where an alert with given labels would go. */
export interface RoutingTestResult {
  source: 'stored' | 'draft';
  routes: {
    path: string;
    channels: { id: string; name: string | null; type: string | null; exists: boolean }[];
    groupBy: string[];
    groupLabels: Record<string, string>;
    groupWait: string;
    groupInterval: string;
    repeatInterval: string;
    escalation: string | null;
  }[];
  silencedBy: { id: string; createdBy: string; comment: string; endsAt: string }[];
  inhibitedBy: string[];
  delivered: boolean;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
}
