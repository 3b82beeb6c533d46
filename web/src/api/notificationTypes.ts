/** What about a run a rule can be told of (`test` marks a sample sent from the dashboard or the CLI). */
export const NOTIFICATION_EVENTS = ['failed', 'errored', 'timed-out', 'recovered', 'flaky-found'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number] | 'test';

export type NotificationChannel = 'webhook' | 'email';

export const NOTIFICATION_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type NotificationDeliveryStatus = (typeof NOTIFICATION_DELIVERY_STATUSES)[number];

/** A rule as `/api/v2/testing/notifications/rules` shows it: the webhook secret never, only whether there is one. */
export interface NotificationRule {
  id: string;
  name: string;
  repository: string;
  events: NotificationEvent[];
  channel: NotificationChannel;
  url: string | null;
  hasSecret: boolean;
  to: string[];
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** A new rule (every required field) or a change (only the fields given change; a secret left out is kept). */
export interface NotificationRuleChange {
  name?: string;
  repository?: string;
  events?: string[];
  channel?: NotificationChannel;
  url?: string;
  secret?: string;
  to?: string[];
  enabled?: boolean;
}

export interface NotificationDelivery {
  id: string;
  ruleId: string;
  ruleName: string;
  runId: string | null;
  events: NotificationEvent[];
  channel: NotificationChannel;
  /** The webhook's host or the recipients. */
  target: string;
  status: NotificationDeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface NotificationDeliveryPage {
  items: NotificationDelivery[];
  /** The `before` of the next page; null on the last. */
  next: string | null;
}

export interface NotificationDeliveryQuery {
  rule?: string | undefined;
  run?: string | undefined;
  status?: NotificationDeliveryStatus | undefined;
  limit?: number | undefined;
  before?: string | undefined;
}
