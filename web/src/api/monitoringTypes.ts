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
