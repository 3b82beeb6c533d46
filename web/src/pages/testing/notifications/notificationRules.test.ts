import { describe, expect, it } from 'vitest';
import type { NotificationDelivery, NotificationRule } from '../../../api/notificationTypes';
import { changeFromDraft, deliveryOutcome, deliveryResult, draftFromRule, emptyRuleDraft, recipients, ruleScope, ruleTarget, secretRequired, type RuleDraft } from './notificationRules';

const SECRET = 'a-secret-of-20-chars';
const webhookRule: NotificationRule = {
  id: 'nrule_1',
  name: 'shop-team',
  repository: 'shop',
  events: ['failed', 'recovered'],
  channel: 'webhook',
  url: 'https://hooks.example.com/lightning',
  hasSecret: true,
  to: [],
  enabled: true,
  createdAt: '2026-11-25T10:00:00Z',
  createdBy: 'admin',
  updatedAt: '2026-11-25T10:00:00Z',
};
const emailRule: NotificationRule = { ...webhookRule, id: 'nrule_2', name: 'qa', channel: 'email', url: null, hasSecret: false, to: ['qa@example.com', 'lead@example.com'] };
const draft = (changes: Partial<RuleDraft>): RuleDraft => ({ ...emptyRuleDraft(), name: 'hooks', url: 'http://127.0.0.1:8080/hook', secret: SECRET, ...changes });

describe('notification rule drafts', () => {
  it('newWebhookRule_SendsEveryField_WithTheSecretAsTyped', () => {
    const { change, errors } = changeFromDraft(draft({ name: '  hooks ', repository: ' ', events: ['recovered', 'failed'], secret: ` ${SECRET}` }), null);
    expect(errors).toEqual({});
    // Events in the API's order, a blank glob as every repository, the secret not trimmed (it is the HMAC key).
    expect(change).toEqual({ name: 'hooks', repository: '**', events: ['failed', 'recovered'], channel: 'webhook', enabled: true, url: 'http://127.0.0.1:8080/hook', secret: ` ${SECRET}` });
  });

  it('newWebhookRule_WithoutSecretOrUrl_NamesBothFields', () => {
    const { errors } = changeFromDraft(draft({ url: 'ftp://x', secret: '' }), null);
    expect(Object.keys(errors).sort()).toEqual(['secret', 'url']);
    expect(changeFromDraft(draft({ secret: 'short' }), null).errors.secret?.[0]).toMatch(/16 to 256 characters \(it is 5\)/);
  });

  it('editingAWebhookRule_KeepsTheSecretByDefault_SendingNone', () => {
    const editing = draftFromRule(webhookRule);
    expect(editing.secret).toBe('');
    expect(editing.keepSecret).toBe(true);
    expect(secretRequired(editing, webhookRule)).toBe(false);
    const { change, errors } = changeFromDraft({ ...editing, name: 'renamed' }, webhookRule);
    expect(errors).toEqual({});
    expect(change).not.toHaveProperty('secret');
    expect(change).toMatchObject({ name: 'renamed', url: webhookRule.url, repository: 'shop' });
  });

  it('editingAWebhookRule_ReplacingTheSecret_NeedsOneTyped', () => {
    const replacing = { ...draftFromRule(webhookRule), keepSecret: false };
    expect(secretRequired(replacing, webhookRule)).toBe(true);
    expect(changeFromDraft(replacing, webhookRule).errors.secret).toHaveLength(1);
    expect(changeFromDraft({ ...replacing, secret: SECRET }, webhookRule).change.secret).toBe(SECRET);
  });

  it('movingAnEmailRuleToWebhook_NeedsASecret_AndDropsRecipients', () => {
    const moved = { ...draftFromRule(emailRule), channel: 'webhook' as const, url: 'https://hooks.example.com/x' };
    expect(moved.keepSecret).toBe(false);
    expect(secretRequired(moved, emailRule)).toBe(true);
    const { change } = changeFromDraft({ ...moved, secret: SECRET }, emailRule);
    expect(change).not.toHaveProperty('to');
    expect(change).toMatchObject({ channel: 'webhook', secret: SECRET });
  });

  it('emailRule_ReadsRecipientsOnePerLineOrSeparated_AndChecksThem', () => {
    expect(recipients(' a@x.io\nb@y.io, c@z.io ;\n\n')).toEqual(['a@x.io', 'b@y.io', 'c@z.io']);
    const { change, errors } = changeFromDraft(draft({ channel: 'email', to: 'a@x.io\nb@y.io', secret: SECRET }), null);
    expect(errors).toEqual({});
    expect(change).toMatchObject({ channel: 'email', to: ['a@x.io', 'b@y.io'] });
    expect(change).not.toHaveProperty('url');
    expect(change).not.toHaveProperty('secret');
    expect(changeFromDraft(draft({ channel: 'email', to: 'nobody' }), null).errors.to).toEqual(["'nobody' is not an email address."]);
    expect(changeFromDraft(draft({ channel: 'email', to: Array.from({ length: 21 }, (_, i) => `u${i}@x.io`).join('\n') }), null).errors.to).toEqual(['At most 20 recipients.']);
  });

  it('noNameAndNoEvent_AreNamed', () => {
    const { errors } = changeFromDraft(draft({ name: ' ', events: [] }), null);
    expect(Object.keys(errors).sort()).toEqual(['events', 'name']);
  });

  it('ruleLines_SayWhereAndWhat', () => {
    expect(ruleTarget(webhookRule)).toBe('POST to https://hooks.example.com/lightning · signed');
    expect(ruleTarget(emailRule)).toBe('Email to qa@example.com, lead@example.com');
    expect(ruleScope(webhookRule)).toBe('failed, recovered · repositories matching shop');
    expect(ruleScope({ ...webhookRule, repository: '**', events: ['flaky-found'] })).toBe('flaky tests found · every repository');
  });
});

describe('delivery outcomes', () => {
  const base: NotificationDelivery = {
    id: 'ndel_1',
    ruleId: 'nrule_1',
    ruleName: 'shop-team',
    runId: 'trun_1',
    events: ['failed'],
    channel: 'webhook',
    target: '127.0.0.1',
    status: 'delivered',
    attempts: 1,
    responseStatus: 200,
    error: null,
    createdAt: '2026-11-25T10:00:00Z',
    finishedAt: '2026-11-25T10:00:01Z',
  };

  it.each<[Partial<NotificationDelivery>, string]>([
    [{}, 'delivered (200)'],
    [{ attempts: 3 }, 'delivered (200) after 3 attempts'],
    [{ status: 'failed', attempts: 4, responseStatus: 500, error: 'answered 500. Gave up after 4 attempts.' }, 'failed after 4 attempts (500): answered 500. Gave up after 4 attempts.'],
    [{ status: 'failed', attempts: 1, responseStatus: null, error: 'No SMTP server is configured' }, 'failed after 1 attempt: No SMTP server is configured'],
    [{ status: 'pending', attempts: 0, responseStatus: null }, 'sending'],
    [{ status: 'pending', attempts: 2, responseStatus: 503, error: 'answered 503' }, 'sending (2 attempts so far; last: answered 503)'],
  ])('%o → %s', (changes, text) => {
    expect(deliveryOutcome({ ...base, ...changes })).toBe(text);
  });

  it('deliveryResult_IsWhatSendTestShows', () => {
    expect(deliveryResult(base)).toEqual({ delivered: true, attempts: 1, responseStatus: 200, error: null });
    expect(deliveryResult({ ...base, status: 'failed', responseStatus: 410, error: 'gone' }).delivered).toBe(false);
  });
});
