import { describe, expect, it } from 'vitest';
import { sampleAction } from '../testing/samples';
import { mergeFirstPage } from './pagedHistory';

describe('mergeFirstPage', () => {
  const a = (id: string, status: 'running' | 'succeeded' = 'succeeded') => sampleAction({ id, status });

  it('firstLoad_TakesFresh', () => {
    expect(mergeFirstPage([], [a('act_3'), a('act_2')]).map((x) => x.id)).toEqual(['act_3', 'act_2']);
  });

  it('refresh_UpdatesTop_KeepsOlderPages', () => {
    const shown = [a('act_5', 'running'), a('act_4'), a('act_3'), a('act_2'), a('act_1')];
    const fresh = [a('act_6', 'running'), a('act_5'), a('act_4')];
    const merged = mergeFirstPage(shown, fresh);
    expect(merged.map((x) => x.id)).toEqual(['act_6', 'act_5', 'act_4', 'act_3', 'act_2', 'act_1']);
    expect(merged[1]?.status).toBe('succeeded');
  });

  it('emptyFresh_EmptiesList', () => {
    expect(mergeFirstPage([a('act_1')], [])).toEqual([]);
  });
});
