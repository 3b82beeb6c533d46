import type { AlertChannel, AlertChannelInput, AlertView, ChannelType, Silence, SilenceInput, SmtpSecurity, TagFilterJson, TagOperator } from '../api/monitoringTypes';

/** The operators a matcher takes, as Alertmanager writes them, and the names the API uses for them. */
export const MATCHER_OPERATORS: { symbol: string; operator: TagOperator }[] = [
  { symbol: '=', operator: 'equal' },
  { symbol: '!=', operator: 'not-equal' },
  { symbol: '=~', operator: 'matches' },
  { symbol: '!~', operator: 'not-matches' },
];

export interface MatcherRow {
  key: string;
  operator: TagOperator;
  value: string;
}

/** The silence form: every control holds text, so what was typed survives a refused save. */
export interface SilenceDraft {
  matchers: MatcherRow[];
  /** `duration`: ends `duration` after it starts; `end`: at `endsAt`. */
  mode: 'duration' | 'end';
  duration: string;
  /** `datetime-local` values (the browser's zone); an empty start means now. */
  startsAt: string;
  endsAt: string;
  comment: string;
  /**
   * A stored silence's exact window and the text the form first showed for it: the inputs hold minutes, so an
   * unchanged input sends the stored instant back rather than moving it to the minute.
   */
  stored?: { startsAt: string; endsAt: string; startsText: string; endsText: string };
}

export function emptySilenceDraft(): SilenceDraft {
  return { matchers: [{ key: '', operator: 'equal', value: '' }], mode: 'duration', duration: '2h', startsAt: '', endsAt: '', comment: '' };
}

/**
 * A new silence for an alert: one `=` matcher per label (alertname included, so it mutes that rule's alert for these
 * series and no other), as Alertmanager's "Silence" button does.
 */
export function draftForLabels(labels: Record<string, string>): SilenceDraft {
  const matchers = Object.entries(labels)
    .sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map(([key, value]) => ({ key, operator: 'equal' as const, value }));
  return { ...emptySilenceDraft(), matchers: matchers.length > 0 ? matchers : emptySilenceDraft().matchers };
}

/** Labels carried in the address of "new silence" (`?label=host%3Dweb-1`, repeated), so a Silence link can prefill the form. */
export function labelsFromQuery(query: URLSearchParams): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of query.getAll('label')) {
    const at = pair.indexOf('=');
    if (at > 0) labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

export function silenceLinkFor(labels: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(labels)) params.append('label', `${key}=${value}`);
  return `/monitoring/alerts/silences/new?${params.toString()}`;
}

export function draftFromSilence(silence: Silence): SilenceDraft {
  const startsText = localInput(Date.parse(silence.startsAt));
  const endsText = localInput(Date.parse(silence.endsAt));
  return {
    matchers: silence.matchers.map((matcher) => ({ key: matcher.key, operator: matcher.operator, value: matcher.value })),
    mode: 'end',
    duration: '',
    startsAt: startsText,
    endsAt: endsText,
    comment: silence.comment,
    stored: { startsAt: silence.startsAt, endsAt: silence.endsAt, startsText, endsText },
  };
}

/**
 * The silence as the API takes it, or the fields the form itself can tell are wrong (a duration or time it cannot
 * read). Everything else (empty matchers, an end in the past, a missing comment) is the server's to say.
 */
export function silenceFromDraft(draft: SilenceDraft, now: number): { request: SilenceInput; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const stored = draft.stored;
  const starts = stored && draft.startsAt === stored.startsText ? Date.parse(stored.startsAt) : draft.startsAt.trim() ? Date.parse(draft.startsAt) : null;
  if (starts !== null && Number.isNaN(starts)) errors.startsAt = ['Give the start as a date and time, or leave it empty for now.'];
  let ends: number | null = null;
  if (draft.mode === 'duration') {
    const span = parseSpan(draft.duration);
    if (span === null) errors.endsAt = [`'${draft.duration}' is not a duration: write 30m, 2h, 1d or 1h30m.`];
    else ends = (starts !== null && !Number.isNaN(starts) ? starts : now) + span;
  } else {
    ends = stored && draft.endsAt === stored.endsText ? Date.parse(stored.endsAt) : draft.endsAt.trim() ? Date.parse(draft.endsAt) : Number.NaN;
    if (Number.isNaN(ends)) errors.endsAt = ['Give the end as a date and time.'];
  }
  const request: SilenceInput = {
    // Blank rows are ignored; a row with only a value keeps its key empty so the server names it.
    matchers: draft.matchers.filter((row) => row.key.trim() || row.value.trim()).map((row) => ({ key: row.key.trim(), operator: row.operator, value: row.value })),
    // An unchanged start of a stored silence is left out: the server keeps the stored one exactly (to the tick).
    startsAt: stored && draft.startsAt === stored.startsText ? null : starts !== null && !Number.isNaN(starts) ? new Date(starts).toISOString() : null,
    endsAt: ends !== null && !Number.isNaN(ends) ? new Date(ends).toISOString() : null,
    comment: draft.comment.trim(),
  };
  return { request, errors };
}

const SPAN_UNITS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** A duration as Alertmanager writes one: `30m`, `2h`, `1d`, `1h30m`; null for anything else or zero. */
export function parseSpan(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+[wdhms])+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([wdhms])/g)) total += Number(amount) * (SPAN_UNITS[unit ?? 's'] ?? 0);
  return total > 0 ? total : null;
}

/** `datetime-local` text for an instant, in the browser's zone (minutes). */
export function localInput(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The server's error keys brought to the form: `matchers[2]` to that row (`matcher-2`), `endsAt`, `startsAt`,
 * `comment` and `matchers` as they are; anything else goes above the form.
 */
export function silenceErrorKey(key: string): string {
  const bare = key.replace(/^\$\.?/, '');
  const row = /^matchers\[(\d+)\]/i.exec(bare);
  if (row) return `matcher-${row[1]}`;
  const lower = bare.toLowerCase();
  for (const field of ['matchers', 'startsAt', 'endsAt', 'comment']) if (lower === field.toLowerCase()) return field;
  return key;
}

/** The API's rows are the non-blank form rows: map a server index back to the form's row. */
export function formRowOf(draft: SilenceDraft, serverIndex: number): number {
  let seen = -1;
  for (let i = 0; i < draft.matchers.length; i++) {
    const row = draft.matchers[i];
    if (row && (row.key.trim() || row.value.trim())) seen++;
    if (seen === serverIndex) return i;
  }
  return serverIndex;
}

/** Whether a silence's window holds `now`; `pending` when it starts later, `expired` after it ended. */
export function silenceState(silence: Silence, now: number): 'active' | 'pending' | 'expired' {
  if (Date.parse(silence.endsAt) <= now) return 'expired';
  return Date.parse(silence.startsAt) > now ? 'pending' : 'active';
}

/**
 * Whether the matchers match an alert's labels, as the server's LabelMatchers does: exact text, regular expressions
 * anchored at both ends, and a missing label read as the empty string. Null when a regular expression is one the
 * browser cannot read (the server's .NET syntax is wider), so the page says it cannot tell rather than guessing.
 */
export function matchesLabels(matchers: TagFilterJson[], labels: Record<string, string>): boolean | null {
  for (const matcher of matchers) {
    const value = labels[matcher.key] ?? '';
    let hit: boolean;
    if (matcher.operator === 'equal' || matcher.operator === 'not-equal') {
      hit = (value === matcher.value) === (matcher.operator === 'equal');
    } else {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${matcher.value})$`);
      } catch {
        return null;
      }
      hit = pattern.test(value) === (matcher.operator === 'matches');
    }
    if (!hit) return false;
  }
  return true;
}

/** The states in which the server's dispatcher mutes an alert (it notifies only these). */
const MUTABLE = new Set(['firing', 'no-data', 'error']);

/** How many of the alerts a silence mutes now (null: a pattern the browser cannot read), and which. */
export function mutedBy(silence: Silence, alerts: AlertView[], now: number): { count: number | null; alertIds: string[] } {
  if (silenceState(silence, now) !== 'active') return { count: 0, alertIds: [] };
  const alertIds: string[] = [];
  for (const alert of alerts) {
    if (!MUTABLE.has(alert.state.toLowerCase())) continue;
    const hit = matchesLabels(silence.matchers, alert.labels);
    if (hit === null) return { count: null, alertIds: [] };
    if (hit) alertIds.push(alert.id);
  }
  return { count: alertIds.length, alertIds };
}

/** The active silences that mute an alert: the first one the server would name in its history. */
export function silencesOf(alert: AlertView, silences: Silence[], now: number): Silence[] {
  if (!MUTABLE.has(alert.state.toLowerCase())) return [];
  return silences.filter((silence) => silenceState(silence, now) === 'active' && matchesLabels(silence.matchers, alert.labels) === true);
}

export function matcherText(matchers: TagFilterJson[]): string {
  return matchers.map((matcher) => `${matcher.key}${MATCHER_OPERATORS.find((item) => item.operator === matcher.operator)?.symbol ?? '='}${matcher.value}`).join(', ');
}

/** The channel form. Secrets (URL, signing secret, password) start empty and are sent only when typed. */
export interface ChannelDraft {
  name: string;
  type: ChannelType;
  url: string;
  secret: string;
  /** Recipients, one per line or comma-separated. */
  to: string;
  smtpHost: string;
  smtpPort: string;
  from: string;
  user: string;
  password: string;
  /** Email: take the stored password away. */
  clearPassword: boolean;
  security: SmtpSecurity;
}

export const SMTP_SECURITY: { value: SmtpSecurity; label: string }[] = [
  { value: 'start-tls-when-available', label: 'STARTTLS when offered' },
  { value: 'start-tls', label: 'STARTTLS required' },
  { value: 'ssl-on-connect', label: 'TLS from the start (465)' },
  { value: 'none', label: 'none (trusted relay only)' },
];

export function emptyChannelDraft(type: ChannelType = 'webhook'): ChannelDraft {
  return { name: '', type, url: '', secret: '', to: '', smtpHost: '', smtpPort: '587', from: '', user: '', password: '', clearPassword: false, security: 'start-tls-when-available' };
}

export function draftFromChannel(channel: AlertChannel): ChannelDraft {
  return {
    ...emptyChannelDraft(channel.type),
    name: channel.name,
    to: channel.to.join('\n'),
    smtpHost: channel.smtpHost ?? '',
    smtpPort: channel.smtpPort === null ? '' : String(channel.smtpPort),
    from: channel.from ?? '',
    user: channel.user ?? '',
    security: channel.security ?? 'start-tls-when-available',
  };
}

/**
 * The channel as POST/PUT take it. Only the fields of its type are sent; secrets left empty are left out, which on a
 * change keeps the stored ones (the API's write-only contract), and an empty password with "clear" removes it.
 */
export function channelFromDraft(draft: ChannelDraft, creating: boolean): { request: AlertChannelInput; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const request: AlertChannelInput = { name: draft.name.trim() };
  if (creating) request.type = draft.type;
  if (draft.type === 'email') {
    request.to = draft.to
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter(Boolean);
    request.smtpHost = draft.smtpHost.trim();
    const port = Number(draft.smtpPort.trim());
    if (draft.smtpPort.trim() && Number.isInteger(port)) request.smtpPort = port;
    else errors.smtpPort = ['The port is a whole number (587, 465, 25).'];
    request.from = draft.from.trim();
    request.user = draft.user.trim() || null;
    request.security = draft.security;
    if (draft.password) request.password = draft.password;
    else if (draft.clearPassword) request.password = '';
  } else {
    if (draft.url.trim()) request.url = draft.url.trim();
    if (draft.type === 'webhook' && draft.secret) request.secret = draft.secret;
  }
  return { request, errors };
}

/**
 * Routing JSON as the editor shows it: the document without its timestamp and without null fields (the server writes
 * every unset route field as null; unset means inherited either way), two-space indented.
 */
export function routingText(config: Record<string, unknown>): string {
  const { updatedAt: _updatedAt, ...document } = config;
  return JSON.stringify(document, (_key, value: unknown) => (value === null ? undefined : value), 2);
}

/** Reads the editor's text; the message says where the JSON breaks, as the browser's parser reports it. */
export function parseRouting(text: string): { document: Record<string, unknown> | null; error: string | null } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { document: null, error: 'The routing document is a JSON object: {"root": {...}, "inhibitions": [...], "escalations": [...]}.' };
    return { document: value as Record<string, unknown>, error: null };
  } catch (error) {
    return { document: null, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The labels to try against the routing, one `name=value` per line (or comma-separated); the value may be empty and
 * may hold '=' itself. A line without '=' or a name given twice is an error naming it.
 */
export function parseLabels(text: string): { labels: Record<string, string> | null; error: string | null } {
  const labels: Record<string, string> = {};
  for (const part of text.split(/[\n,]/).map((item) => item.trim()).filter(Boolean)) {
    const equals = part.indexOf('=');
    if (equals <= 0) return { labels: null, error: `"${part}" is not name=value.` };
    const name = part.slice(0, equals).trim();
    if (name in labels) return { labels: null, error: `The label "${name}" is given twice.` };
    labels[name] = part.slice(equals + 1).trim();
  }
  return { labels, error: null };
}
