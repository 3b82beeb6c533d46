import type { DeliveryResult } from '../../../api/monitoringTypes';
import {
  NOTIFICATION_EVENTS,
  type NotificationChannel,
  type NotificationDelivery,
  type NotificationEvent,
  type NotificationRule,
  type NotificationRuleChange,
} from '../../../api/notificationTypes';

export type RuleEvent = (typeof NOTIFICATION_EVENTS)[number];

/** The rule form's state: the secret is what was typed (never the stored one, which the API does not give back). */
export interface RuleDraft {
  name: string;
  repository: string;
  events: RuleEvent[];
  channel: NotificationChannel;
  url: string;
  secret: string;
  /** Recipients, one per line (commas and spaces separate too). */
  to: string;
  enabled: boolean;
  /** Editing a webhook rule that has a secret: send none, so the server keeps it (the default). */
  keepSecret: boolean;
}

export type RuleField = 'name' | 'repository' | 'events' | 'channel' | 'url' | 'secret' | 'to' | 'enabled';
export const RULE_FIELDS: Record<string, RuleField> = { name: 'name', repository: 'repository', events: 'events', channel: 'channel', url: 'url', secret: 'secret', to: 'to', enabled: 'enabled' };

/** The server's bounds (NotificationRuleStore): a secret of 16-256 characters, 1-20 recipients. */
export const MIN_SECRET = 16;
export const MAX_SECRET = 256;
export const MAX_RECIPIENTS = 20;

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  failed: 'Failed',
  errored: 'Errored (could not run)',
  'timed-out': 'Timed out',
  recovered: 'Recovered',
  'flaky-found': 'Flaky tests found',
  test: 'Test',
};

export function emptyRuleDraft(): RuleDraft {
  return { name: '', repository: '**', events: ['failed', 'recovered'], channel: 'webhook', url: '', secret: '', to: '', enabled: true, keepSecret: false };
}

export function draftFromRule(rule: NotificationRule): RuleDraft {
  return {
    name: rule.name,
    repository: rule.repository,
    events: NOTIFICATION_EVENTS.filter((event) => rule.events.includes(event)),
    channel: rule.channel,
    url: rule.url ?? '',
    secret: '',
    to: rule.to.join('\n'),
    enabled: rule.enabled,
    keepSecret: canKeepSecret(rule),
  };
}

/** A stored webhook rule with a secret: editing it may keep that secret without knowing it. */
export function canKeepSecret(stored: NotificationRule | null): boolean {
  return stored !== null && stored.channel === 'webhook' && stored.hasSecret;
}

/** Addresses as typed: one per line, or separated by commas, semicolons or spaces. */
export function recipients(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Whether saving needs a secret typed: a new webhook rule, a rule moved to the webhook channel (email rules keep none),
 * a stored webhook rule without one, or one whose secret the user chose to replace.
 */
export function secretRequired(draft: RuleDraft, stored: NotificationRule | null): boolean {
  return draft.channel === 'webhook' && !(canKeepSecret(stored) && draft.keepSecret);
}

/**
 * The request the form sends: every field for a new rule, for an edit every field but a secret left empty (the
 * server keeps it). Obvious mistakes are found here, keyed like the server's ProblemDetails, which has the last word.
 */
export function changeFromDraft(draft: RuleDraft, stored: NotificationRule | null): { change: NotificationRuleChange; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const add = (field: RuleField, message: string) => (errors[field] = [...(errors[field] ?? []), message]);
  const name = draft.name.trim();
  if (!name) add('name', 'Give the rule a name.');
  if (draft.events.length === 0) add('events', 'Choose at least one event.');
  const change: NotificationRuleChange = {
    name,
    repository: draft.repository.trim() || '**',
    events: NOTIFICATION_EVENTS.filter((event) => draft.events.includes(event)),
    channel: draft.channel,
    enabled: draft.enabled,
  };
  if (draft.channel === 'webhook') {
    const url = draft.url.trim();
    if (!url) add('url', 'Give the url to POST to.');
    else if (!isHttpUrl(url)) add('url', 'The url must be an absolute http or https address, such as https://hooks.example.com/lightning.');
    change.url = url;
    // Not trimmed: the secret is the HMAC key byte for byte. Kept, none is sent and the server keeps the stored one.
    const secret = secretRequired(draft, stored) ? draft.secret : '';
    if (secret) {
      if (secret.length < MIN_SECRET || secret.length > MAX_SECRET) add('secret', `The secret must be ${MIN_SECRET} to ${MAX_SECRET} characters (it is ${secret.length}).`);
      change.secret = secret;
    } else if (secretRequired(draft, stored)) {
      add('secret', `A webhook rule needs a secret (at least ${MIN_SECRET} characters) to sign its requests.`);
    }
  } else {
    const to = recipients(draft.to);
    if (to.length === 0) add('to', 'Give at least one recipient address.');
    if (to.length > MAX_RECIPIENTS) add('to', `At most ${MAX_RECIPIENTS} recipients.`);
    for (const address of to) if (!/^[^@\s]+@[^@\s]+$/.test(address)) add('to', `'${address}' is not an email address.`);
    change.to = to;
  }
  return { change, errors };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Where a rule delivers, as a line of the list. */
export function ruleTarget(rule: NotificationRule): string {
  if (rule.channel === 'email') return `Email to ${rule.to.join(', ')}`;
  return `POST to ${rule.url ?? '?'} · ${rule.hasSecret ? 'signed' : 'no secret'}`;
}

/** What a rule is told of, as a line of the list. */
export function ruleScope(rule: NotificationRule): string {
  const events = rule.events.map((event) => EVENT_LABELS[event].toLowerCase()).join(', ');
  return `${events} · ${rule.repository === '**' ? 'every repository' : `repositories matching ${rule.repository}`}`;
}

/** A finished delivery in the shape "Send test" shows (the alerting channels' result). */
export function deliveryResult(delivery: NotificationDelivery): DeliveryResult {
  return { delivered: delivery.status === 'delivered', attempts: delivery.attempts, responseStatus: delivery.responseStatus, error: delivery.error };
}

/** One delivery's outcome in words: "delivered (200)", "failed after 4 attempts (500): …", "sending (attempt 2)". */
export function deliveryOutcome(delivery: NotificationDelivery): string {
  const answered = delivery.responseStatus !== null ? ` (${delivery.responseStatus})` : '';
  const attempts = `${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`;
  switch (delivery.status) {
    case 'delivered':
      return `delivered${answered}${delivery.attempts > 1 ? ` after ${attempts}` : ''}`;
    case 'failed':
      return `failed after ${attempts}${answered}${delivery.error ? `: ${delivery.error}` : ''}`;
    case 'pending':
      return delivery.attempts > 0 ? `sending (${attempts} so far${delivery.error ? `; last: ${delivery.error}` : ''})` : 'sending';
  }
}

/** What the delivery was about: the run's events, or "test" for a sample. */
export function deliveryEvents(delivery: NotificationDelivery): string {
  return delivery.events.map((event) => EVENT_LABELS[event].toLowerCase()).join(', ');
}
