using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lightning.Core.Ids;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>
/// Turns alerts into notifications, as Alertmanager does: silenced and inhibited alerts are muted (and that is recorded
/// once), the rest are routed, grouped (<c>group_by</c>), and each group is announced after <c>group_wait</c>, again
/// after <c>group_interval</c> when it changed, and every <c>repeat_interval</c> while it fires. Firing alerts nobody
/// acknowledges climb their route's escalation policy. Every delivery, sent or failed, is recorded in the history.
/// A group that has sent is kept in the database too (<see cref="NotificationGroupEntity"/>), so that after a restart
/// it goes on where it stopped.
/// </summary>
public sealed class AlertDispatcher(
    IDbContextFactory<MonitoringDbContext> contexts,
    RoutingStore routing,
    SilenceStore silences,
    AlertChannelStore channels,
    AlertChannelSender sender,
    AlertHistory history,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger)
{
    readonly Dictionary<string, NotificationGroup> _groups = new(StringComparer.Ordinal);
    readonly HashSet<string> _mutedRecorded = new(StringComparer.Ordinal);
    // The groups saved by an earlier process, until the first pass claims them; the rest are then deleted.
    Dictionary<string, NotificationGroupEntity>? _saved;

    static readonly string[] DispatchStates = [AlertStates.Name(AlertState.Firing), AlertStates.Name(AlertState.NoData), AlertStates.Name(AlertState.Error)];
    static readonly string ResolvedState = AlertStates.Name(AlertState.Resolved);

    /// <summary>One pass: route and group the alerts, send the groups that are due, take the escalation steps that are due.</summary>
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var config = await routing.GetAsync(cancellationToken);
        var active = await silences.ActiveAsync(now, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alerts
            .Where(a => DispatchStates.Contains(a.State) || (a.State == ResolvedState && !a.ResolvedNotified))
            .OrderBy(a => a.Id).Take(10_000).ToListAsync(cancellationToken);
        var views = rows.ToDictionary(r => r.Id, AlertStore.ToView, StringComparer.Ordinal);
        var firing = views.Values.Where(v => v.State == AlertState.Firing).Select(v => (v.Fingerprint, v.Labels)).ToList();
        var events = new List<AlertEvent>();
        var muted = new HashSet<string>(StringComparer.Ordinal);
        var routesOf = new Dictionary<string, IReadOnlyList<ResolvedRoute>>(StringComparer.Ordinal);
        var firstPass = _saved is null;
        _saved ??= await db.NotificationGroups.AsNoTracking().ToDictionaryAsync(g => g.Id, StringComparer.Ordinal, cancellationToken);

        foreach (var group in _groups.Values) group.Current.Clear();
        foreach (var alert in views.Values)
        {
            var resolved = alert.State == AlertState.Resolved;
            if (!resolved && MutedBy(alert, active, config, firing) is { } why)
            {
                muted.Add(alert.Id);
                var mutedKey = alert.Id + "|" + why.Type;
                // After a restart, a muting an earlier process recorded (its last word on the alert) is not told again.
                if (firstPass && !_mutedRecorded.Contains(mutedKey) && await LastWordAsync(db, alert.Id, cancellationToken) == why.Type)
                    _mutedRecorded.Add(mutedKey);
                if (_mutedRecorded.Add(mutedKey))
                    events.Add(new AlertEvent(0, alert.Id, alert.RuleId, now, why.Type, Message: why.Message));
                continue;
            }

            _mutedRecorded.RemoveWhere(key => key.StartsWith(alert.Id + "|", StringComparison.Ordinal));
            var routes = RouteMatcher.Match(config.Root, alert.Labels);
            routesOf[alert.Id] = routes;
            foreach (var route in routes)
            {
                var groupLabels = GroupLabels(route, alert.Labels);
                var key = route.Path + "\u001f" + string.Join('\u001e', groupLabels.Select(p => p.Key + "=" + p.Value));
                if (!_groups.TryGetValue(key, out var group))
                {
                    if (_saved.Remove(NotificationGroup.IdOf(key), out var stored))
                    {
                        group = NotificationGroup.Restore(key, route, groupLabels, stored);
                    }
                    else
                    {
                        // A resolution of an alert the group never announced has nothing to tell.
                        if (resolved) continue;
                        // group_wait counts from the breach, not from when this pass first saw it.
                        group = new NotificationGroup(key, route, groupLabels, alert.FiredAt ?? now);
                    }

                    _groups[key] = group;
                }

                if (resolved && !group.Announced.Contains(alert.Id)) continue;
                group.Current[alert.Id] = alert;
            }
        }

        var sentResolved = new HashSet<string>(StringComparer.Ordinal);
        var waitingResolved = new HashSet<string>(StringComparer.Ordinal);
        var resolvedChannels = await channels.ResolveAllAsync(cancellationToken);
        foreach (var (key, group) in _groups.ToList())
        {
            if (group.Current.Count == 0)
            {
                _groups.Remove(key);
                if (group.Saved) db.NotificationGroups.Remove(new NotificationGroupEntity { Id = group.Id });
                continue;
            }

            var signature = string.Join(',', group.Current.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id + ":" + AlertStates.Name(a.State)));
            var anyFiring = group.Current.Values.Any(a => a.State != AlertState.Resolved);
            bool due;
            if (group.LastSent is not { } last) due = anyFiring && now - group.FirstSeen >= group.Route.GroupWait;
            else if (signature != group.LastSignature) due = now - last >= group.Route.GroupInterval;
            else due = anyFiring && now - last >= group.Route.RepeatInterval;

            if (!due)
            {
                foreach (var alert in group.Current.Values.Where(a => a.State == AlertState.Resolved)) waitingResolved.Add(alert.Id);
                continue;
            }

            var alerts = group.Current.Values.OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            await SendAsync(group.Route.Channels, resolvedChannels, alerts, group.Labels, "group", events, now, cancellationToken);
            group.LastSent = now;
            group.LastSignature = signature;
            foreach (var alert in alerts)
            {
                if (alert.State == AlertState.Resolved)
                {
                    group.Announced.Remove(alert.Id);
                    sentResolved.Add(alert.Id);
                }
                else
                {
                    group.Announced.Add(alert.Id);
                }
            }

            await SaveAsync(db, group, cancellationToken);
        }

        if (firstPass)
        {
            // Groups of an earlier process that no alert belongs to any more (resolved and told, or routed elsewhere now).
            db.NotificationGroups.RemoveRange(_saved.Values.Select(saved => new NotificationGroupEntity { Id = saved.Id }));
            _saved.Clear();
        }

        foreach (var row in rows.Where(r => r.State == ResolvedState))
        {
            // Resolved alerts leave the queue once every group that announced them has told of the resolution.
            if (!waitingResolved.Contains(row.Id)) row.ResolvedNotified = true;
        }

        await EscalateAsync(rows, views, routesOf, muted, config, resolvedChannels, events, now, cancellationToken);
        var saved = AlertHistory.Append(db, events);
        await db.SaveChangesAsync(cancellationToken);
        history.Publish(saved);
    }

    /// <summary>Records what a group has just sent, in the pass's unit of work.</summary>
    static async Task SaveAsync(MonitoringDbContext db, NotificationGroup group, CancellationToken cancellationToken)
    {
        var entity = group.Saved ? await db.NotificationGroups.FindAsync([group.Id], cancellationToken) : null;
        if (entity is null)
        {
            entity = new NotificationGroupEntity { Id = group.Id };
            db.NotificationGroups.Add(entity);
        }

        entity.FirstSeen = group.FirstSeen;
        entity.LastSent = group.LastSent!.Value;
        entity.LastSignature = group.LastSignature ?? string.Empty;
        entity.Announced = JsonSerializer.Serialize(group.Announced.Order(StringComparer.Ordinal).ToArray());
        group.Saved = true;
    }

    /// <summary>Sends a sample notification through one channel now, and says how it went.</summary>
    public async Task<DeliveryResult> SendTestAsync(string channelId, CancellationToken cancellationToken)
    {
        var channel = await channels.ResolveAsync(channelId, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [AlertTracker.AlertNameLabel] = "LightningTestNotification" };
        var sample = new NotifiedAlert("alert_test", "firing", labels,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["summary"] = "A test notification from Agent Lightning: this channel works." },
            now, null, 42, "test", null);
        var notification = new AlertNotification(LightningId.New("delivery"), "firing", "test", labels, labels, [sample], now);
        return await sender.SendAsync(channel, notification, cancellationToken);
    }

    async Task EscalateAsync(
        List<AlertEntity> rows, Dictionary<string, AlertView> views, Dictionary<string, IReadOnlyList<ResolvedRoute>> routesOf, HashSet<string> muted,
        AlertRoutingConfig config, IReadOnlyDictionary<string, ResolvedChannel> resolvedChannels, List<AlertEvent> events, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (config.Escalations.Count == 0) return;
        var policies = config.Escalations.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var view = views[row.Id];
            if (view.State != AlertState.Firing || view.Acknowledgment is not null || muted.Contains(row.Id) || view.FiredAt is not { } firedAt) continue;
            if (!routesOf.TryGetValue(row.Id, out var routes)) continue;
            var route = routes.FirstOrDefault(r => r.Escalation is not null);
            if (route is null || !policies.TryGetValue(route.Escalation!, out var policy) || row.EscalationStep >= policy.Steps.Count) continue;
            var step = policy.Steps[row.EscalationStep];
            if (now - firedAt < step.After) continue;
            row.EscalationStep++;
            var targets = step.Channels.Count > 0 ? step.Channels : route.Channels;
            events.Add(new AlertEvent(0, row.Id, row.RuleId, now, AlertEventTypes.Escalated,
                Message: $"Unacknowledged for {Duration.Format(now - firedAt)}: step {row.EscalationStep} of '{policy.Name}' notifies {string.Join(", ", targets)}."));
            Log.Escalated(logger, row.Id, row.EscalationStep, policy.Name);
            await SendAsync(targets, resolvedChannels, [view], GroupLabels(route, view.Labels), "escalation", events, now, cancellationToken);
        }
    }

    async Task SendAsync(
        IReadOnlyList<string> channelIds, IReadOnlyDictionary<string, ResolvedChannel> resolvedChannels, List<AlertView> alerts,
        IReadOnlyDictionary<string, string> groupLabels, string reason, List<AlertEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (channelIds.Count == 0) return;
        var status = alerts.Any(a => a.State != AlertState.Resolved) ? "firing" : "resolved";
        var common = alerts[0].Labels.Where(p => alerts.All(a => a.Labels.TryGetValue(p.Key, out var v) && v == p.Value))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var notification = new AlertNotification(LightningId.New("delivery"), status, reason, groupLabels, common, alerts.Select(NotifiedAlert.From).ToList(), now);
        var deliveries = channelIds.Select(async id =>
        {
            if (!resolvedChannels.TryGetValue(id, out var channel)) return (id, new DeliveryResult(false, 0, null, $"Channel '{id}' no longer exists."));
            return (id, await sender.SendAsync(channel, notification, cancellationToken));
        });
        foreach (var (id, result) in await Task.WhenAll(deliveries))
        {
            foreach (var alert in alerts)
            {
                events.Add(new AlertEvent(0, alert.Id, alert.RuleId, now,
                    result.Delivered ? AlertEventTypes.Notified : AlertEventTypes.NotificationFailed,
                    Channel: id,
                    Message: result.Delivered
                        ? $"{notification.DeliveryId}: {status} ({reason}), {result.Attempts} attempt(s)"
                        : $"{notification.DeliveryId}: {result.Error}"));
            }
        }
    }

    static readonly string[] LastWordTypes = [AlertEventTypes.Silenced, AlertEventTypes.Inhibited, AlertEventTypes.Notified];

    /// <summary>Whether the alert was last muted (and how) or notified, as its history says.</summary>
    static Task<string?> LastWordAsync(MonitoringDbContext db, string alertId, CancellationToken cancellationToken) =>
        db.AlertEvents.AsNoTracking().Where(e => e.AlertId == alertId && LastWordTypes.Contains(e.Type))
            .OrderByDescending(e => e.Id).Select(e => e.Type).FirstOrDefaultAsync(cancellationToken);

    static (string Type, string Message)? MutedBy(AlertView alert, IReadOnlyList<Silence> silences, AlertRoutingConfig config,
        IReadOnlyList<(string Fingerprint, IReadOnlyDictionary<string, string> Labels)> firing)
    {
        foreach (var silence in silences)
        {
            if (LabelMatchers.Matches(silence.Matchers, alert.Labels))
                return (AlertEventTypes.Silenced, $"Silenced by {silence.Id} ({silence.CreatedBy}: {silence.Comment}) until {silence.EndsAt:yyyy-MM-dd HH:mm}Z.");
        }

        return RouteMatcher.IsInhibited(config.Inhibitions, alert.Labels, alert.Fingerprint, firing)
            ? (AlertEventTypes.Inhibited, "Muted by an inhibition rule: a matching alert is firing.")
            : null;
    }

    /// <summary>The labels an alert is grouped by on a route: its values of the route's group_by (all of them for "...").</summary>
    internal static SortedDictionary<string, string> GroupLabels(ResolvedRoute route, IReadOnlyDictionary<string, string> labels)
    {
        var grouped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (route.GroupBy.Contains(RouteDefaults.GroupByAll))
        {
            foreach (var (key, value) in labels) grouped[key] = value;
            return grouped;
        }

        foreach (var name in route.GroupBy)
        {
            if (labels.TryGetValue(name, out var value)) grouped[name] = value;
        }

        return grouped;
    }

    sealed class NotificationGroup(string key, ResolvedRoute route, IReadOnlyDictionary<string, string> labels, DateTimeOffset firstSeen)
    {
        /// <summary>The group's row id: a hash of its key (route path and label values), which can be long.</summary>
        public string Id { get; } = IdOf(key);
        public ResolvedRoute Route { get; } = route;
        public IReadOnlyDictionary<string, string> Labels { get; } = labels;
        public DateTimeOffset FirstSeen { get; } = firstSeen;
        public DateTimeOffset? LastSent { get; set; }
        public string? LastSignature { get; set; }
        public Dictionary<string, AlertView> Current { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Announced { get; } = new(StringComparer.Ordinal);
        /// <summary>Whether the group has a row (it has sent, in this process or an earlier one).</summary>
        public bool Saved { get; set; }

        public static string IdOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

        public static NotificationGroup Restore(string key, ResolvedRoute route, IReadOnlyDictionary<string, string> labels, NotificationGroupEntity saved)
        {
            var group = new NotificationGroup(key, route, labels, saved.FirstSeen) { LastSent = saved.LastSent, LastSignature = saved.LastSignature, Saved = true };
            foreach (var id in JsonSerializer.Deserialize<string[]>(saved.Announced) ?? []) group.Announced.Add(id);
            return group;
        }
    }
}
