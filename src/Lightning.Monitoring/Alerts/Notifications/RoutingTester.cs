using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>Labels to try against the routing: the stored document, or a draft given with them (checked, not saved).</summary>
public sealed record RoutingTestRequest(IReadOnlyDictionary<string, string>? Labels, AlertRoutingConfig? Routing = null);

/// <summary>A channel a route names, as the dashboard lists it; <c>Exists</c> is false for one deleted since.</summary>
public sealed record RoutingTestChannel(string Id, string? Name, ChannelType? Type, bool Exists);

/// <summary>A route the alert would reach, with what it inherits filled in and the labels its group would carry.</summary>
public sealed record RoutingTestRoute(
    string Path,
    IReadOnlyList<RoutingTestChannel> Channels,
    IReadOnlyList<string> GroupBy,
    IReadOnlyDictionary<string, string> GroupLabels,
    string GroupWait,
    string GroupInterval,
    string RepeatInterval,
    string? Escalation);

/// <summary>A silence active now whose matchers take the labels.</summary>
public sealed record RoutingTestSilence(string Id, string CreatedBy, string Comment, DateTimeOffset EndsAt);

/// <summary>
/// Where an alert with these labels would go now: the routes (in tree order, as <see cref="RouteMatcher"/> walks them),
/// the silences that would mute it, and the firing alerts whose inhibition would. <c>Delivered</c> says whether any
/// channel would be told at all.
/// </summary>
public sealed record RoutingTestResult(
    string Source,
    IReadOnlyList<RoutingTestRoute> Routes,
    IReadOnlyList<RoutingTestSilence> SilencedBy,
    IReadOnlyList<string> InhibitedBy,
    bool Delivered);

/// <summary>
/// Answers "where would this alert go?" (Alertmanager's routing tree test): a way to check a routing document against
/// the alerts one has in mind, before or after saving it.
/// </summary>
public sealed class RoutingTester(
    IDbContextFactory<MonitoringDbContext> contexts,
    RoutingStore routing,
    SilenceStore silences,
    AlertChannelStore channels,
    TimeProvider timeProvider)
{
    public const int MaxLabels = 64;

    public async Task<RoutingTestResult> TestAsync(RoutingTestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        var labels = request.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal);
        validator.Require(request.Labels is not null, "labels", "Give the alert's labels, e.g. {\"labels\":{\"alertname\":\"HighCpu\",\"host\":\"db-1\"}}.");
        validator.Require(labels.Count <= MaxLabels, "labels", $"At most {MaxLabels} labels.");
        foreach (var (key, value) in labels)
        {
            if (string.IsNullOrWhiteSpace(key)) validator.Add("labels", "A label needs a name.");
            if (value is null) validator.Add($"labels.{key}", $"Label '{key}' needs a value (an empty string is one).");
        }

        validator.ThrowIfInvalid();
        AlertRoutingConfig config;
        if (request.Routing is { } draft)
        {
            await routing.ValidateAsync(draft, cancellationToken);
            config = draft;
        }
        else
        {
            config = await routing.GetAsync(cancellationToken);
        }

        var known = (await channels.ListAsync(cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var routes = RouteMatcher.Match(config.Root, labels).Select(route => new RoutingTestRoute(
            route.Path,
            [.. route.Channels.Select(id => known.TryGetValue(id, out var channel)
                ? new RoutingTestChannel(id, channel.Name, channel.Type, true)
                : new RoutingTestChannel(id, null, null, false))],
            route.GroupBy,
            AlertDispatcher.GroupLabels(route, labels),
            Duration.Format(route.GroupWait),
            Duration.Format(route.GroupInterval),
            Duration.Format(route.RepeatInterval),
            route.Escalation)).ToList();

        var now = timeProvider.GetUtcNow();
        var silencedBy = (await silences.ActiveAsync(now, cancellationToken))
            .Where(silence => LabelMatchers.Matches(silence.Matchers, labels))
            .Select(silence => new RoutingTestSilence(silence.Id, silence.CreatedBy, silence.Comment, silence.EndsAt)).ToList();
        var inhibitedBy = await InhibitingAlertsAsync(config, labels, cancellationToken);
        var delivered = silencedBy.Count == 0 && inhibitedBy.Count == 0 && routes.Any(route => route.Channels.Any(channel => channel.Exists));
        return new RoutingTestResult(request.Routing is null ? "stored" : "draft", routes, silencedBy, inhibitedBy, delivered);
    }

    /// <summary>The firing alerts whose labels, through an inhibition rule, would mute an alert with <paramref name="labels"/>.</summary>
    async Task<IReadOnlyList<string>> InhibitingAlertsAsync(AlertRoutingConfig config, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (config.Inhibitions.Count == 0) return [];
        var firingState = AlertStates.Name(AlertState.Firing);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var firing = await db.Alerts.AsNoTracking().Where(a => a.State == firingState).OrderBy(a => a.Id).Take(10_000)
            .Select(a => new { a.Id, a.Fingerprint, a.Labels }).ToListAsync(cancellationToken);
        // One firing alert at a time, so each one that would mute is named (an alert never inhibits itself: no fingerprint here).
        return [.. firing.Where(alert => RouteMatcher.IsInhibited(config.Inhibitions, labels, string.Empty, [(alert.Fingerprint, AlertStore.ReadLabels(alert.Labels))]))
            .Select(alert => alert.Id)];
    }
}
