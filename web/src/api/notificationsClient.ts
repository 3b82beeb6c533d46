import type { ApiClient } from './client';
import type { NotificationDelivery, NotificationDeliveryPage, NotificationDeliveryQuery, NotificationRule, NotificationRuleChange } from './notificationTypes';
import { search } from './testingClient';

const NOTIFICATIONS = '/api/v2/testing/notifications';
const rule = (id: string) => `${NOTIFICATIONS}/rules/${encodeURIComponent(id)}`;

/** `/api/v2/testing/notifications`: failure-notification rules (admin) and their deliveries (viewer). */
export class NotificationsClient {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  listRules(signal?: AbortSignal): Promise<NotificationRule[]> {
    return this.#api.request<NotificationRule[]>('GET', `${NOTIFICATIONS}/rules`, undefined, signal);
  }

  createRule(change: NotificationRuleChange): Promise<NotificationRule> {
    return this.#api.request<NotificationRule>('POST', `${NOTIFICATIONS}/rules`, change);
  }

  /** Changes only the fields given: a change without `secret` keeps the stored one. */
  updateRule(id: string, change: NotificationRuleChange): Promise<NotificationRule> {
    return this.#api.request<NotificationRule>('PATCH', rule(id), change);
  }

  /** Deletes the rule; its deliveries stay listed under its name. */
  async deleteRule(id: string): Promise<void> {
    await this.#api.request<unknown>('DELETE', rule(id));
  }

  /** Sends a sample failed run to the rule now (enabled or not) and answers with the finished delivery. */
  testRule(id: string): Promise<NotificationDelivery> {
    return this.#api.request<NotificationDelivery>('POST', `${rule(id)}/test`);
  }

  deliveries(query: NotificationDeliveryQuery = {}, signal?: AbortSignal): Promise<NotificationDeliveryPage> {
    return this.#api.request<NotificationDeliveryPage>('GET', `${NOTIFICATIONS}/deliveries${search({ ...query })}`, undefined, signal);
  }
}
