import { describe, expect, it } from 'vitest';
import type { DashboardDefinition, DashboardPanel } from '../api/monitoringTypes';
import { applyVariables, arrange, stepRow, byReadingOrder, compact, freeSpot, newPanelId, overlaps, validateDashboard, variablesUsed } from './dashboardLayout';

const panel = (id: string, x: number, y: number, w = 12, h = 4, where?: string): DashboardPanel => ({
  id,
  title: id,
  kind: 'line',
  query: { measurement: 'cpu', field: 'usage_user', ...(where ? { where } : {}) },
  compare: null,
  x,
  y,
  w,
  h,
});

const definition = (panels: DashboardPanel[]): DashboardDefinition => ({ name: 'Hosts', description: '', timeRange: '1h', refresh: '1s', variables: { host: 'web-1' }, panels });

const boxes = (panels: DashboardPanel[]) => Object.fromEntries(panels.map((item) => [item.id, [item.x, item.y, item.w, item.h]]));

describe('grid layout', () => {
  it('freeSpot_FillsTheRowBeforeGoingDown', () => {
    expect(freeSpot([], 12, 4)).toEqual({ x: 0, y: 0 });
    expect(freeSpot([panel('a', 0, 0)], 12, 4)).toEqual({ x: 12, y: 0 });
    expect(freeSpot([panel('a', 0, 0), panel('b', 12, 0)], 12, 4)).toEqual({ x: 0, y: 4 });
    expect(freeSpot([panel('a', 0, 0, 16)], 12, 4)).toEqual({ x: 0, y: 4 });
    expect(freeSpot([panel('a', 0, 0, 16)], 8, 4)).toEqual({ x: 16, y: 0 });
  });

  it('arrange_MovingIntoAnotherPanel_PushesItDown', () => {
    const result = arrange([panel('a', 0, 0), panel('b', 12, 0)], 'a', { x: 8 });
    expect(boxes(result)).toEqual({ a: [8, 0, 12, 4], b: [12, 4, 12, 4] });
    expect(result.some((one, index) => result.some((other, j) => j !== index && overlaps(one, other)))).toBe(false);
  });

  it('arrange_KeepsThePanelInsideTheGrid', () => {
    expect(boxes(arrange([panel('a', 0, 0)], 'a', { x: 20, w: 40, h: 99 }))).toEqual({ a: [0, 0, 24, 24] });
    expect(boxes(arrange([panel('a', 12, 0)], 'a', { x: 18 }))).toEqual({ a: [12, 0, 12, 4] });
  });

  it('arrange_MovingDownOntoAPanel_SwapsThem', () => {
    expect(boxes(arrange([panel('a', 0, 0, 24), panel('b', 0, 4, 24)], 'a', { y: 4 }))).toEqual({ a: [0, 4, 24, 4], b: [0, 0, 24, 4] });
    // One row down is not yet onto b's place: b cannot fit above, so it goes below.
    expect(boxes(arrange([panel('a', 0, 0, 24), panel('b', 0, 4, 24)], 'a', { y: 1 }))).toEqual({ a: [0, 1, 24, 4], b: [0, 5, 24, 4] });
  });

  it('stepRow_JumpsToTheNeighbourInTheSameColumns_SoOneClickSwaps', () => {
    const panels = [panel('a', 0, 0), panel('b', 0, 4), panel('c', 12, 0, 12, 2)];
    expect(stepRow(panels, 'a', 1)).toBe(4);
    expect(stepRow(panels, 'b', -1)).toBe(0);
    expect(stepRow(panels, 'c', 1)).toBe(1);
    expect(stepRow(panels, 'a', -1)).toBe(0);
    expect(boxes(arrange(panels, 'b', { y: stepRow(panels, 'b', -1) }))).toEqual({ a: [0, 4, 12, 4], b: [0, 0, 12, 4], c: [12, 0, 12, 2] });
  });

  it('arrange_ResizingTallerPushesThePanelBelow', () => {
    expect(boxes(arrange([panel('a', 0, 0, 24), panel('b', 0, 4, 24)], 'a', { h: 6 }))).toEqual({ a: [0, 0, 24, 6], b: [0, 6, 24, 4] });
  });

  it('compact_RemovesEmptyRows', () => {
    expect(boxes(compact([panel('a', 0, 3), panel('b', 12, 10)]))).toEqual({ a: [0, 0, 12, 4], b: [12, 0, 12, 4] });
  });

  it('readingOrder_IsRowsThenColumns', () => {
    expect([panel('c', 0, 4), panel('b', 12, 0), panel('a', 0, 0)].sort(byReadingOrder).map((item) => item.id)).toEqual(['a', 'b', 'c']);
  });

  it('newPanelId_IsUnique', () => {
    expect(newPanelId([panel('p1', 0, 0), panel('p2', 12, 0)])).toBe('p3');
    expect(newPanelId([panel('p2', 0, 0)])).toBe('p3');
  });
});

describe('variables', () => {
  it('applyVariables_ReplacesKnownNames_KeepsUnknownOnes', () => {
    expect(applyVariables({ measurement: 'cpu', field: 'usage_user', where: 'host=$host,cpu=${cpu},dc=$dc' }, { host: 'web-1', cpu: 'cpu0' })).toEqual({
      measurement: 'cpu',
      field: 'usage_user',
      where: 'host=web-1,cpu=cpu0,dc=$dc',
    });
  });

  it('variablesUsed_ListsEachNameOnce', () => {
    expect(variablesUsed([panel('a', 0, 0, 12, 4, 'host=$host'), panel('b', 12, 0, 12, 4, 'host=${host},dc=$dc')])).toEqual(['dc', 'host']);
  });
});

describe('validateDashboard', () => {
  it('acceptsAGoodDashboard', () => {
    expect(validateDashboard(definition([panel('a', 0, 0), panel('b', 12, 0)]))).toEqual({});
  });

  it('namesEveryProblemByField', () => {
    const bad = definition([
      { ...panel('a', 0, 0), title: ' ', query: { measurement: '', field: '', every: 'often' } },
      panel('a', 3, 2, 22),
    ]);
    bad.name = '';
    bad.timeRange = 'forever';
    const errors = validateDashboard(bad);
    expect(Object.keys(errors).sort()).toEqual(
      ['name', 'timeRange', 'panels[0].title', 'panels[0].query.measurement', 'panels[0].query.field', 'panels[0].query.every', 'panels[1].id', 'panels[1].w', 'panels[1].y'].sort(),
    );
  });

  it('allowsAVariableAsTheBucket', () => {
    expect(validateDashboard(definition([{ ...panel('a', 0, 0), query: { measurement: 'cpu', field: 'x', every: '$every' } }]))).toEqual({});
  });
});
