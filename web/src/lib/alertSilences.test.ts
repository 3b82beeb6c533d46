import { describe, expect, it } from 'vitest';
import type { AlertChannel, AlertView, Silence } from '../api/monitoringTypes';
import {
  channelFromDraft,
  draftForLabels,
  draftFromChannel,
  draftFromSilence,
  emptyChannelDraft,
  emptySilenceDraft,
  formRowOf,
  labelsFromQuery,
  localInput,
  matchesLabels,
  matcherText,
  mutedBy,
  parseLabels,
  parseRouting,
  parseSpan,
  routingText,
  silenceErrorKey,
  silenceFromDraft,
  silenceLinkFor,
  silencesOf,
  silenceState,
} from './alertSilences';

const NOW = Date.parse('2026-11-25T12:00:00Z');

function alert(id: string, state: string, labels: Record<string, string>): AlertView {
  return {
    id,
    ruleId: 'rule_1',
    ruleName: 'HighCpu',
    fingerprint: id,
    state,
    labels,
    annotations: {},
    value: 95,
    activeAt: '2026-11-25T11:00:00Z',
    firedAt: '2026-11-25T11:01:00Z',
    resolvedAt: null,
    lastEvaluatedAt: '2026-11-25T11:59:00Z',
    acknowledgment: null,
    escalationStep: 0,
  } as AlertView;
}

const silence: Silence = {
  id: 'silence_1',
  matchers: [
    { key: 'alertname', operator: 'equal', value: 'HighCpu' },
    { key: 'host', operator: 'matches', value: 'web-.*' },
  ],
  startsAt: '2026-11-25T11:00:00Z',
  endsAt: '2026-11-25T14:00:00Z',
  createdBy: 'admin',
  comment: 'maintenance',
  createdAt: '2026-11-25T11:00:00Z',
};

describe('silence drafts', () => {
  it('silenceFromDraft_Duration_EndsThatLongAfterNow', () => {
    const draft = { ...draftForLabels({ host: 'web-1', alertname: 'HighCpu' }), duration: '1h30m', comment: ' deploy ' };
    const { request, errors } = silenceFromDraft(draft, NOW);
    expect(errors).toEqual({});
    // alertname first, then the other labels by name, each an exact matcher.
    expect(request).toEqual({
      matchers: [
        { key: 'alertname', operator: 'equal', value: 'HighCpu' },
        { key: 'host', operator: 'equal', value: 'web-1' },
      ],
      startsAt: null,
      endsAt: '2026-11-25T13:30:00.000Z',
      comment: 'deploy',
    });
  });

  it('silenceFromDraft_StartGiven_DurationCountsFromTheStart', () => {
    const start = NOW + 3_600_000;
    const draft = { ...emptySilenceDraft(), matchers: [{ key: 'host', operator: 'not-equal' as const, value: 'db' }], startsAt: localInput(start), duration: '2h', comment: 'x' };
    const { request } = silenceFromDraft(draft, NOW);
    expect(request.startsAt).toBe(new Date(start).toISOString());
    expect(request.endsAt).toBe(new Date(start + 7_200_000).toISOString());
  });

  it('silenceFromDraft_UnreadableDurationOrEnd_IsAnErrorOnEndsAt', () => {
    expect(silenceFromDraft({ ...emptySilenceDraft(), duration: '2 hours' }, NOW).errors.endsAt?.[0]).toContain("'2 hours' is not a duration");
    expect(silenceFromDraft({ ...emptySilenceDraft(), mode: 'end', endsAt: '' }, NOW).errors.endsAt).toBeDefined();
  });

  it('silenceFromDraft_BlankRowsDropped_ValueWithoutKeyKeptForTheServerToName', () => {
    const draft = {
      ...emptySilenceDraft(),
      matchers: [
        { key: '', operator: 'equal' as const, value: '' },
        { key: '', operator: 'equal' as const, value: 'orphan' },
        { key: 'host', operator: 'equal' as const, value: 'a' },
      ],
    };
    const { request } = silenceFromDraft(draft, NOW);
    expect(request.matchers.map((row) => row.value)).toEqual(['orphan', 'a']);
    // The server's matchers[0] is the form's second row.
    expect(formRowOf(draft, 0)).toBe(1);
    expect(formRowOf(draft, 1)).toBe(2);
  });

  it('draftFromSilence_ThenSilenceFromDraft_GivesTheSilenceBack', () => {
    const draft = draftFromSilence(silence);
    expect(draft.mode).toBe('end');
    const { request, errors } = silenceFromDraft(draft, NOW);
    expect(errors).toEqual({});
    expect(request).toEqual({ matchers: silence.matchers, startsAt: null, endsAt: '2026-11-25T14:00:00.000Z', comment: 'maintenance' });
  });

  it('silenceFromDraft_UnchangedTimesOfAStoredSilence_KeepTheirSeconds_ChangedOnesTakeTheInput', () => {
    const exact = { ...silence, startsAt: '2026-11-25T11:00:23.583Z', endsAt: '2026-11-25T14:00:41.100Z' };
    const draft = draftFromSilence(exact);
    // The start left out keeps the stored one (PUT); the end sent as stored.
    expect(silenceFromDraft(draft, NOW).request).toMatchObject({ startsAt: null, endsAt: '2026-11-25T14:00:41.100Z' });
    const later = localInput(Date.parse('2026-11-25T15:30:00Z'));
    expect(silenceFromDraft({ ...draft, endsAt: later }, NOW).request).toMatchObject({ startsAt: null, endsAt: '2026-11-25T15:30:00.000Z' });
    const earlier = localInput(Date.parse('2026-11-25T10:30:00Z'));
    expect(silenceFromDraft({ ...draft, startsAt: earlier }, NOW).request.startsAt).toBe('2026-11-25T10:30:00.000Z');
    // A duration counts from the stored start.
    expect(silenceFromDraft({ ...draft, mode: 'duration', duration: '1h' }, NOW).request.endsAt).toBe('2026-11-25T12:00:23.583Z');
  });

  it('parseSpan_ReadsAlertmanagerDurations', () => {
    expect(parseSpan('30m')).toBe(1_800_000);
    expect(parseSpan('1d')).toBe(86_400_000);
    expect(parseSpan('1h30m')).toBe(5_400_000);
    expect(parseSpan('0m')).toBeNull();
    expect(parseSpan('90')).toBeNull();
    expect(parseSpan('1.5h')).toBeNull();
  });

  it('silenceLinkFor_ThenLabelsFromQuery_GivesTheLabelsBack', () => {
    const labels = { alertname: 'High CPU', path: '/var=x&y' };
    const link = silenceLinkFor(labels);
    expect(link.startsWith('/monitoring/alerts/silences/new?label=')).toBe(true);
    expect(labelsFromQuery(new URL(link, 'http://x').searchParams)).toEqual(labels);
  });

  it('silenceErrorKey_MapsServerKeysToFields', () => {
    expect(silenceErrorKey('matchers[2]')).toBe('matcher-2');
    expect(silenceErrorKey('endsAt')).toBe('endsAt');
    expect(silenceErrorKey('Comment')).toBe('comment');
    expect(silenceErrorKey('matchers')).toBe('matchers');
    expect(silenceErrorKey('silence')).toBe('silence');
  });
});

describe('what a silence mutes', () => {
  it('matchesLabels_FollowsTheServersMatchers', () => {
    expect(matchesLabels(silence.matchers, { alertname: 'HighCpu', host: 'web-2' })).toBe(true);
    // Anchored: a partial match is no match.
    expect(matchesLabels(silence.matchers, { alertname: 'HighCpu', host: 'my-web-2' })).toBe(false);
    // A missing label is the empty string.
    expect(matchesLabels([{ key: 'team', operator: 'equal', value: '' }], {})).toBe(true);
    expect(matchesLabels([{ key: 'team', operator: 'not-matches', value: 'ops|db' }], { team: 'db' })).toBe(false);
    expect(matchesLabels([{ key: 'team', operator: 'matches', value: '(' }], { team: 'x' })).toBeNull();
  });

  it('mutedBy_CountsFiringMatchesOfAnActiveSilenceOnly', () => {
    const alerts = [
      alert('a1', 'firing', { alertname: 'HighCpu', host: 'web-1' }),
      alert('a2', 'pending', { alertname: 'HighCpu', host: 'web-2' }),
      alert('a3', 'no-data', { alertname: 'HighCpu', host: 'web-3' }),
      alert('a4', 'firing', { alertname: 'HighCpu', host: 'db-1' }),
    ];
    expect(mutedBy(silence, alerts, NOW)).toEqual({ count: 2, alertIds: ['a1', 'a3'] });
    expect(mutedBy(silence, alerts, Date.parse('2026-11-25T15:00:00Z')).count).toBe(0);
    expect(silencesOf(alerts[0] as AlertView, [silence], NOW).map((item) => item.id)).toEqual(['silence_1']);
    expect(silencesOf(alerts[1] as AlertView, [silence], NOW)).toEqual([]);
  });

  it('silenceState_PendingActiveExpired', () => {
    expect(silenceState(silence, Date.parse('2026-11-25T10:00:00Z'))).toBe('pending');
    expect(silenceState(silence, NOW)).toBe('active');
    expect(silenceState(silence, Date.parse('2026-11-25T14:00:00Z'))).toBe('expired');
    expect(matcherText(silence.matchers)).toBe('alertname=HighCpu, host=~web-.*');
  });
});

describe('channel drafts', () => {
  const stored: AlertChannel = {
    id: 'channel_1',
    name: 'ops',
    type: 'email',
    to: ['a@example.com', 'b@example.com'],
    smtpHost: 'smtp.example.com',
    smtpPort: 587,
    from: 'alerts@example.com',
    user: 'bot',
    security: 'start-tls',
    urlHost: null,
    hasPassword: true,
    hasSecret: false,
    createdAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
  };

  it('channelFromDraft_WebhookCreate_SendsUrlAndSecret', () => {
    const draft = { ...emptyChannelDraft('webhook'), name: ' hooks ', url: ' http://127.0.0.1:9/hook ', secret: 'sixteen-chars-long!' };
    expect(channelFromDraft(draft, true)).toEqual({ request: { name: 'hooks', type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-long!' }, errors: {} });
  });

  it('channelFromDraft_EditWithEmptySecrets_LeavesThemOutSoTheStoredOnesStay', () => {
    const { request } = channelFromDraft({ ...emptyChannelDraft('webhook'), name: 'hooks' }, false);
    expect(request).toEqual({ name: 'hooks' });
    expect('url' in request || 'secret' in request || 'type' in request).toBe(false);
  });

  it('draftFromChannel_EmailNeverHoldsThePassword_ClearSendsEmpty', () => {
    const draft = draftFromChannel(stored);
    expect(draft.password).toBe('');
    expect(draft.to).toBe('a@example.com\nb@example.com');
    const kept = channelFromDraft(draft, false).request;
    expect(kept).toEqual({ name: 'ops', to: ['a@example.com', 'b@example.com'], smtpHost: 'smtp.example.com', smtpPort: 587, from: 'alerts@example.com', user: 'bot', security: 'start-tls' });
    expect(channelFromDraft({ ...draft, clearPassword: true }, false).request.password).toBe('');
    expect(channelFromDraft({ ...draft, password: 'new' }, false).request.password).toBe('new');
    expect(channelFromDraft({ ...draft, smtpPort: 'x' }, false).errors.smtpPort).toBeDefined();
  });
});

describe('routing text', () => {
  it('routingText_DropsTheTimestamp_ParseRoutingReadsItBack', () => {
    const text = routingText({ root: { name: null, channels: ['c1'], groupWait: null }, inhibitions: [], escalations: [], updatedAt: '2026-11-25T10:00:00Z' });
    expect(text).not.toContain('updatedAt');
    expect(text).not.toContain('null');
    expect(parseRouting(text)).toEqual({ document: { root: { channels: ['c1'] }, inhibitions: [], escalations: [] }, error: null });
    expect(parseRouting('{"root":').error).toMatch(/^Not JSON/);
    expect(parseRouting('[1]').error).toContain('JSON object');
  });
});

describe('parseLabels', () => {
  it('reads name=value lines and commas, keeping = inside values and empty values', () => {
    expect(parseLabels('alertname=HighCpu\nhost = db-1, query=a=b\n\nempty=')).toEqual({
      labels: { alertname: 'HighCpu', host: 'db-1', query: 'a=b', empty: '' },
      error: null,
    });
    expect(parseLabels('')).toEqual({ labels: {}, error: null });
  });

  it('names the line that is not a label and a label given twice', () => {
    expect(parseLabels('host').error).toBe('"host" is not name=value.');
    expect(parseLabels('=x').error).toBe('"=x" is not name=value.');
    expect(parseLabels('a=1\na=2').error).toBe('The label "a" is given twice.');
  });
});
