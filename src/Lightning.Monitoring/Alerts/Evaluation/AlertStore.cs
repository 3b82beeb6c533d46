using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>Reads alerts and records acknowledgments (an acknowledged alert stops escalating; it keeps firing until it resolves).</summary>
public sealed class AlertStore(IDbContextFactory<MonitoringDbContext> contexts, AlertHistory history, TimeProvider timeProvider)
{
    static readonly string[] ActiveStates = Enum.GetValues<AlertState>().Where(AlertStates.IsActive).Select(AlertStates.Name).ToArray();

    /// <summary>Alerts newest first: active ones by default, or those in <paramref name="state"/>; optionally one rule's.</summary>
    public Task<AlertPage> ListAsync(AlertState? state, string? ruleId, int limit, string? before, CancellationToken cancellationToken) =>
        ListAsync(state is { } one ? new[] { one } : null, ruleId, limit, before, cancellationToken);

    /// <summary>
    /// Alerts newest first in any of <paramref name="states"/>: null means the active ones, empty means every state
    /// (each activation is an alert of its own, so this is the history of every firing).
    /// </summary>
    public async Task<AlertPage> ListAsync(IReadOnlyCollection<AlertState>? states, string? ruleId, int limit, string? before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Alerts.AsNoTracking();
        var names = states is null ? ActiveStates : states.Select(AlertStates.Name).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length > 0) rows = rows.Where(a => names.Contains(a.State));
        if (ruleId is not null) rows = rows.Where(a => a.RuleId == ruleId);
        if (before is not null) rows = rows.Where(a => string.Compare(a.Id, before) < 0);
        var page = await rows.OrderByDescending(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var alerts = page.Take(limit).Select(ToView).ToList();
        return new AlertPage(alerts, page.Count > limit ? alerts[^1].Id : null);
    }

    public async Task<AlertView> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return ToView(await FindAsync(db, id, cancellationToken));
    }

    public async Task<AlertView> AcknowledgeAsync(string id, string by, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment) || comment.Length > MonitoringDbContext.MaxMessage)
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["comment"] = [$"Say what is being done about it: a comment of 1 to {MonitoringDbContext.MaxMessage} characters."],
            });
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await FindAsync(db, id, cancellationToken);
        var state = AlertStates.Parse(alert.State);
        if (!AlertStates.IsActive(state))
            throw new LightningException(ErrorKind.Conflict, "monitoring.alert_not_active", $"Alert {id} is {AlertStates.Name(state)}: only active alerts are acknowledged.");
        var now = timeProvider.GetUtcNow();
        alert.AcknowledgedBy = MonitoringDbContext.Fit(by, 64);
        alert.AcknowledgedAt = now;
        alert.AcknowledgeComment = comment.Trim();
        var rows = AlertHistory.Append(db, [new AlertEvent(0, alert.Id, alert.RuleId, now, AlertEventTypes.Acknowledged, By: alert.AcknowledgedBy, Message: alert.AcknowledgeComment)]);
        await db.SaveChangesAsync(cancellationToken);
        history.Publish(rows);
        return ToView(alert);
    }

    static async Task<AlertEntity> FindAsync(MonitoringDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
        ?? throw new LightningException(ErrorKind.NotFound, "monitoring.alert_not_found", $"No alert '{id}'.");

    internal static IReadOnlyDictionary<string, string> ReadLabels(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, LightningJson.Options) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    internal static AlertView ToView(AlertEntity a) => new(
        a.Id, a.RuleId, a.RuleName, a.Fingerprint, AlertStates.Parse(a.State), ReadLabels(a.Labels), ReadLabels(a.Annotations), a.Value,
        a.ActiveAt, a.FiredAt, a.ResolvedAt, a.LastEvaluatedAt,
        a.AcknowledgedAt is { } at ? new AlertAcknowledgment(a.AcknowledgedBy ?? "unknown", at, a.AcknowledgeComment ?? string.Empty) : null,
        a.EscalationStep);
}
