import { describe, expect, it } from 'vitest';
import type { AlertStateInterval } from '../api/monitoringTypes';
import { computeBands } from './alertBands';

const interval = (ruleName: string, state: AlertStateInterval['state'], start: number, end: number | null): AlertStateInterval => ({ ruleId: ruleName, ruleName, labels: {}, state, start, end });

describe('computeBands', () => {
  it('clipsToTheView_AndRunsAnOpenIntervalToTheEnd', () => {
    expect(computeBands([interval('cpu high', 'firing', 0, 200), interval('mem', 'pending', 800, null)], 100, 1000)).toEqual([
      { from: 100, to: 200, state: 'firing', rules: ['cpu high'] },
      { from: 800, to: 1000, state: 'pending', rules: ['mem'] },
    ]);
  });

  it('joinsOverlappingAndTouchingIntervalsOfOneState_NamingEachRuleOnce', () => {
    expect(computeBands([interval('a', 'firing', 100, 300), interval('b', 'firing', 200, 400), interval('a', 'firing', 400, 500)], 0, 1000)).toEqual([{ from: 100, to: 500, state: 'firing', rules: ['a', 'b'] }]);
  });

  it('letsFiringWinOverPending_AndCutsPendingAroundIt', () => {
    expect(computeBands([interval('p', 'pending', 100, 500), interval('f', 'firing', 200, 300)], 0, 1000)).toEqual([
      { from: 100, to: 200, state: 'pending', rules: ['p'] },
      { from: 200, to: 300, state: 'firing', rules: ['f'] },
      { from: 300, to: 500, state: 'pending', rules: ['p'] },
    ]);
  });

  it('dropsIntervalsOutsideTheView', () => {
    expect(computeBands([interval('old', 'firing', 0, 50), interval('later', 'firing', 2000, null)], 100, 1000)).toEqual([]);
  });
});
