import type { TestingClient } from '../../../api/testingClient';
import { useResource } from '../../../app/useResource';
import { activeQuarantine, quarantineKey } from './flakyView';

/**
 * Whether a test is quarantined now, for lists outside the Flaky tab (slowest, failing): the active entries of one
 * repository or all. A failed read only loses the badges, so its error is not shown.
 */
export function useActiveQuarantine(testing: TestingClient, repository: string | undefined): (repository: string, id: string) => boolean {
  const entries = useResource((signal) => testing.quarantined(repository, signal), [testing, repository]);
  const active = activeQuarantine(entries.data ?? []);
  return (name, id) => active.has(quarantineKey(name, id));
}
