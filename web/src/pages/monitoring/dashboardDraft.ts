import type { CompareOffset, Dashboard, DashboardDefinition, DashboardPanel, PanelQuery } from '../../api/monitoringTypes';
import { freeSpot, newPanelId } from '../../lib/dashboardLayout';

/** A new, empty dashboard. */
export function emptyDashboard(name: string): DashboardDefinition {
  return { name, description: '', timeRange: '1h', refresh: '1s', variables: {}, panels: [] };
}

/** The part of a saved dashboard that is sent back on save (the server adds id, version and times). */
export function definitionOf(dashboard: Dashboard | DashboardDefinition): DashboardDefinition {
  return {
    name: dashboard.name,
    description: dashboard.description ?? '',
    timeRange: dashboard.timeRange,
    refresh: dashboard.refresh,
    variables: { ...dashboard.variables },
    panels: dashboard.panels.map((panel) => ({ ...panel, query: { ...panel.query } })),
  };
}

/** Adds a half-width panel (12 of 24 columns) at the first free place. */
export function withPanel(definition: DashboardDefinition, query: PanelQuery, compare: CompareOffset | null, title?: string): DashboardDefinition {
  const spot = freeSpot(definition.panels, 12, 4);
  const panel: DashboardPanel = {
    id: newPanelId(definition.panels),
    title: title ?? `${query.measurement}.${query.field}`,
    kind: 'line',
    query,
    compare,
    x: spot.x,
    y: spot.y,
    w: 12,
    h: 4,
  };
  return { ...definition, panels: [...definition.panels, panel] };
}
