import { describe, expect, it } from 'vitest';
import { drillQuery, drillTarget } from './drillDown';

describe('drill-down', () => {
  it('hostToProcesses_ToRoutes_ThenTheBottom', () => {
    const host = drillTarget({ measurement: 'cpu', field: 'usage_user' }, { host: 'web-1', cpu: 'cpu0' });
    expect(host).toEqual({ level: 'process', label: 'host web-1', tags: { host: 'web-1' } });
    expect(drillQuery(host!, true)).toEqual({ measurement: 'procstat', field: 'cpu_usage', aggregate: 'mean', groupBy: 'process_name,pid', where: 'host=web-1' });
    // The built-in collectors do not tag a host: no filter, or nothing would match.
    expect(drillQuery(host!, false).where).toBeUndefined();

    const process = drillTarget({ measurement: 'procstat', field: 'cpu_usage' }, { process_name: 'dotnet', pid: '42', host: 'web-1' });
    expect(process).toEqual({ level: 'route', label: 'dotnet (42)', tags: { host: 'web-1', process_name: 'dotnet', pid: '42' } });
    expect(drillQuery(process!, false)).toEqual({ measurement: 'http.server.request.duration', field: 'p95', aggregate: 'max', groupBy: 'http.route' });

    expect(drillTarget({ measurement: 'http.server.request.duration', field: 'p95' }, { 'http.route': '/x' })).toBeNull();
  });

  it('aSeriesWithoutHostMeaning_HasNoDrillDown', () => {
    expect(drillTarget({ measurement: 'orders', field: 'count' }, { shop: 'a' })).toBeNull();
    expect(drillTarget({ measurement: 'orders', field: 'count' }, { host: 'a' })?.level).toBe('process');
  });
});
