using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.History;

/// <summary>One stretch of one alert in one state, for drawing behind a chart; <see cref="End"/> is null while it lasts.</summary>
public sealed record AlertStateInterval(
    string RuleId,
    string RuleName,
    IReadOnlyDictionary<string, string> Labels,
    string State,
    long Start,
    long? End,
    string? Severity);

/// <summary>
/// Alert states over a time range, rebuilt from the history: each alert's state changes (pending, firing, resolved)
/// and acknowledgments become intervals — pending until it fires or clears, firing until acknowledged or resolved,
/// acknowledged until resolved. Only those three states are drawn; no-data and error belong to the rule, not to a chart.
/// </summary>
public sealed class AlertStateTimeline(IDbContextFactory<MonitoringDbContext> contexts)
{
    public const int MaxAlerts = 5000;

    /// <summary>
    /// The intervals overlapping [<paramref name="from"/>, <paramref name="to"/>), oldest first; with
    /// <paramref name="ruleIds"/>, only those rules' alerts (the rules reading a measurement).
    /// </summary>
    public async Task<IReadOnlyList<AlertStateInterval>> ReadAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlySet<string>? ruleIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking().Where(a => a.ActiveAt < to && (a.ResolvedAt == null || a.ResolvedAt >= from));
        if (ruleIds is not null)
        {
            var ids = ruleIds.ToList();
            alerts = alerts.Where(a => ids.Contains(a.RuleId));
        }

        var rows = await alerts.OrderBy(a => a.ActiveAt).Take(MaxAlerts).ToListAsync(cancellationToken);
        if (rows.Count == 0) return [];
        var alertIds = rows.Select(a => a.Id).ToList();
        var events = await db.AlertEvents.AsNoTracking()
            .Where(e => e.AlertId != null && alertIds.Contains(e.AlertId) && (e.Type == AlertEventTypes.StateChanged || e.Type == AlertEventTypes.Acknowledged))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var byAlert = events.ToLookup(e => e.AlertId!, StringComparer.Ordinal);
        var intervals = new List<AlertStateInterval>();
        foreach (var alert in rows)
        {
            var labels = AlertStore.ReadLabels(alert.Labels);
            var severity = labels.TryGetValue("severity", out var s) ? s : null;
            foreach (var (state, start, end) in Intervals(byAlert[alert.Id]))
            {
                if (start >= to || (end is { } e && e < from)) continue;
                intervals.Add(new AlertStateInterval(alert.RuleId, alert.RuleName, labels, state, start.ToUnixTimeMilliseconds(), end?.ToUnixTimeMilliseconds(), severity));
            }
        }

        return [.. intervals.OrderBy(i => i.Start)];
    }

    static IEnumerable<(string State, DateTimeOffset Start, DateTimeOffset? End)> Intervals(IEnumerable<AlertEventEntity> events)
    {
        string? open = null;
        var since = DateTimeOffset.MinValue;
        foreach (var e in events)
        {
            string? next;
            if (e.Type == AlertEventTypes.Acknowledged)
            {
                // Acknowledging a firing alert starts its acknowledged stretch; acknowledging anything else changes no colour.
                if (open != "firing") continue;
                next = "acknowledged";
            }
            else
            {
                next = e.ToState is "pending" or "firing" ? e.ToState : null;
                if (next == "firing" && open == "acknowledged") continue;
            }

            if (next == open) continue;
            if (open is not null) yield return (open, since, e.At);
            open = next;
            since = e.At;
        }

        if (open is not null) yield return (open, since, null);
    }
}
