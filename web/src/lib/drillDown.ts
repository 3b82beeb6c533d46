import type { PanelQuery } from '../api/monitoringTypes';

/** Host-wide measurements of the collectors (docs/monitoring.md, "What is written"): a series of one is a host. */
const HOST_MEASUREMENTS = new Set(['cpu', 'system', 'processes', 'mem', 'swap', 'diskio', 'disk', 'net', 'linux_sysctl_fs']);
export const PROCESS_MEASUREMENT = 'procstat';
export const ROUTE_MEASUREMENT = 'http.server.request.duration';

/** One step of a drill-down: what was clicked, and the query it leads to. */
export interface DrillStep {
  level: 'process' | 'route';
  label: string;
  /** The tags the click carried over (host, process). */
  tags: Record<string, string>;
}

/** Where a click on a series leads: host → its processes, process → the routes; null at the bottom. */
export function drillTarget(query: PanelQuery, tags: Record<string, string>): DrillStep | null {
  if (query.measurement === PROCESS_MEASUREMENT) {
    const name = tags.process_name ?? tags.pid ?? 'process';
    return { level: 'route', label: tags.pid ? `${name} (${tags.pid})` : name, tags: pick(tags, ['host', 'process_name', 'pid']) };
  }
  if (query.measurement === ROUTE_MEASUREMENT) return null;
  if (HOST_MEASUREMENTS.has(query.measurement) || tags.host !== undefined) {
    return { level: 'process', label: tags.host ? `host ${tags.host}` : 'this host', tags: pick(tags, ['host']) };
  }
  return null;
}

/**
 * The query of a drill-down level. `hostTagged` says whether the target measurement's series carry a `host` tag (the
 * built-in collectors tag every series; points written by other clients may not); the host filter is applied only
 * then, or nothing would match.
 */
export function drillQuery(step: DrillStep, hostTagged: boolean): PanelQuery {
  const where = hostTagged && step.tags.host ? `host=${step.tags.host}` : undefined;
  if (step.level === 'process') {
    return { measurement: PROCESS_MEASUREMENT, field: 'cpu_usage', aggregate: 'mean', groupBy: 'process_name,pid', ...(where ? { where } : {}) };
  }
  return { measurement: ROUTE_MEASUREMENT, field: 'p95', aggregate: 'max', groupBy: 'http.route', ...(where ? { where } : {}) };
}

function pick(tags: Record<string, string>, names: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of names) {
    const value = tags[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
