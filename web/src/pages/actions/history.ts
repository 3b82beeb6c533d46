/**
 * A refreshed first page replaces the items it covers and keeps any older ones already shown, so a refresh never
 * drops rows from under the reader.
 */
export function mergeFirstPage<T extends { id: string }>(current: T[], fresh: T[]): T[] {
  if (current.length === 0) return fresh;
  const freshIds = new Set(fresh.map((item) => item.id));
  const oldest = fresh[fresh.length - 1]?.id;
  const older = current.filter((item) => !freshIds.has(item.id) && oldest !== undefined && item.id < oldest);
  return [...fresh, ...older];
}
