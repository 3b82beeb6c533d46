/** Time ranges of the Monitoring page: presets ("5m" .. "7d") or a custom from/to, and the durations of the query text forms. */

export const RANGE_PRESETS = ['5m', '1h', '6h', '24h', '7d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A relative range ends now and follows the clock (live); an absolute one is fixed. */
export type TimeRange = { kind: 'relative'; span: string } | { kind: 'absolute'; from: number; to: number };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a duration in the query text forms (`250ms`, `90s`, `5m`, `1.5h`, `7d`, `1w`; a bare number is seconds); null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!match?.[1]) return null;
  const value = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000);
  return value > 0 && Number.isFinite(value) ? value : null;
}

/** The shortest text form of a duration: 3600000 → "1h", 90000 → "90s". */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNITS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

/**
 * Reads a range from the address: a duration ("1h") or "from..to" in ISO 8601 or epoch milliseconds.
 * Anything else (or to before from) is null, so the page falls back to its default.
 */
export function parseRange(text: string | null | undefined): TimeRange | null {
  if (!text) return null;
  const parts = text.split('..');
  if (parts.length === 1) return parseDuration(text) === null ? null : { kind: 'relative', span: text.trim() };
  if (parts.length !== 2) return null;
  const from = parseInstant(parts[0] ?? '');
  const to = parseInstant(parts[1] ?? '');
  return from !== null && to !== null && to > from ? { kind: 'absolute', from, to } : null;
}

export function formatRange(range: TimeRange): string {
  return range.kind === 'relative' ? range.span : `${new Date(range.from).toISOString()}..${new Date(range.to).toISOString()}`;
}

/** The range's bounds in epoch milliseconds at `now`. */
export function rangeBounds(range: TimeRange, now: number): { from: number; to: number } {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  return { from: now - (parseDuration(range.span) ?? 3_600_000), to: now };
}

/** The range as /query's `from` and `to` text: `now-1h` (and no `to`) for a relative range. */
export function rangeQueryText(range: TimeRange): { from: string; to?: string } {
  return range.kind === 'relative' ? { from: `now-${range.span}` } : { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
}

const NICE_BUCKETS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400].map((s) => s * 1000);

/** A bucket width giving at most `maxPoints` per series over `spanMs`: 1h over 600 px → "10s". */
export function autoEvery(spanMs: number, maxPoints: number): string {
  const wanted = spanMs / Math.max(1, maxPoints);
  const every = NICE_BUCKETS.find((size) => size >= wanted) ?? NICE_BUCKETS[NICE_BUCKETS.length - 1] ?? 86_400_000;
  return formatDuration(every);
}

function parseInstant(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const value = Date.parse(trimmed);
  return Number.isNaN(value) ? null : value;
}
