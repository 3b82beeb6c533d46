using System.Text.Json;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Persistence;
using Lightning.Monitoring.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lightning.Monitoring.Alerts.Evaluation;

/// <summary>
/// Evaluates rules that are due and records what changed: alerts created, moved between states and resolved, each change
/// an event in the history. State lives in the database, so a restart resumes pending and firing alerts where they were.
/// </summary>
public sealed class AlertEvaluator(
    IDbContextFactory<MonitoringDbContext> contexts,
    ConditionEvaluator conditions,
    AlertHistory history,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILogger<AlertEvaluator> logger)
{
    readonly Dictionary<string, DateTimeOffset> _nextDue = new(StringComparer.Ordinal);

    // The store is another feature's (the embedded DuckDB store or InfluxDB); until one is configured every rule reports
    // an error state instead of the server failing to start.
    IMetricStore? Store => services.GetService<IMetricStore>();

    /// <summary>Evaluates every enabled rule whose interval has elapsed since its last evaluation; returns how many ran.</summary>
    public async Task<int> EvaluateDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        List<AlertRuleEntity> rows;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            rows = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
        var evaluated = 0;
        foreach (var rule in rows.Select(AlertRuleStore.ToRule))
        {
            if (_nextDue.TryGetValue(rule.Id, out var due) && due > now) continue;
            _nextDue[rule.Id] = now + rule.Interval;
            await EvaluateAsync(rule, now, cancellationToken);
            evaluated++;
        }

        foreach (var gone in _nextDue.Keys.Except(rows.Select(r => r.Id)).ToList()) _nextDue.Remove(gone);
        return evaluated;
    }

    /// <summary>Evaluates one rule at <paramref name="now"/> and records the transitions.</summary>
    public async Task<IReadOnlyList<AlertTransition>> EvaluateAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var evaluation = await conditions.EvaluateAsync(rule, Store, now, cancellationToken);
        if (evaluation.Health == RuleHealth.Error) Log.EvaluationFailed(logger, rule.Name, evaluation.Error ?? "unknown error");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var activeStates = Enum.GetValues<AlertState>().Where(AlertStates.IsActive).Select(AlertStates.Name).ToArray();
        var active = await db.Alerts.Where(a => a.RuleId == rule.Id && activeStates.Contains(a.State)).ToListAsync(cancellationToken);
        var byFingerprint = active.ToDictionary(a => a.Fingerprint, StringComparer.Ordinal);
        var tracker = new AlertTracker(rule);
        foreach (var alert in active)
        {
            tracker.Restore(new TrackedAlert
            {
                Id = alert.Id,
                Fingerprint = alert.Fingerprint,
                Labels = AlertStore.ReadLabels(alert.Labels),
                State = AlertStates.Parse(alert.State),
                ActiveAt = alert.ActiveAt,
                FiredAt = alert.FiredAt,
                Value = alert.Value,
            });
        }

        var transitions = tracker.Apply(evaluation, now);
        var events = new List<AlertEvent>(transitions.Count);
        foreach (var transition in transitions)
        {
            var tracked = transition.Alert;
            if (!byFingerprint.TryGetValue(tracked.Fingerprint, out var entity))
            {
                entity = new AlertEntity
                {
                    Id = LightningId.New("alert"),
                    RuleId = rule.Id,
                    RuleName = MonitoringDbContext.Fit(rule.Name, MonitoringDbContext.MaxName)!,
                    Fingerprint = tracked.Fingerprint,
                    Labels = JsonSerializer.Serialize(tracked.Labels, LightningJson.Options),
                    ActiveAt = tracked.ActiveAt,
                };
                db.Alerts.Add(entity);
                byFingerprint[tracked.Fingerprint] = entity;
            }

            tracked.Id = entity.Id;
            entity.State = AlertStates.Name(transition.To);
            entity.FiredAt = tracked.FiredAt;
            if (transition.To is AlertState.Resolved or AlertState.Inactive) entity.ResolvedAt = now;
            // A pending alert that cleared was never announced: nothing to tell about its end either.
            if (transition.To == AlertState.Inactive) entity.ResolvedNotified = true;
            entity.Annotations = JsonSerializer.Serialize(AnnotationTemplate.RenderAll(rule.Annotations, tracked.Value, tracked.Labels, rule.Name), LightningJson.Options);
            events.Add(new AlertEvent(0, entity.Id, rule.Id, now, AlertEventTypes.StateChanged, AlertStates.Name(transition.From), AlertStates.Name(transition.To),
                Message: tracked.Reason ?? Describe(rule, tracked), Value: tracked.Value));
            Log.StateChanged(logger, entity.Id, rule.Name, AlertStates.Name(transition.From), AlertStates.Name(transition.To));
        }

        foreach (var tracked in tracker.Alerts)
        {
            if (!byFingerprint.TryGetValue(tracked.Fingerprint, out var entity)) continue;
            entity.Value = tracked.Value is { } v && double.IsFinite(v) ? v : null;
            entity.LastEvaluatedAt = now;
        }

        foreach (var transition in transitions)
        {
            var entity = byFingerprint[transition.Alert.Fingerprint];
            entity.LastEvaluatedAt = now;
            if (transition.To is AlertState.Resolved or AlertState.Inactive) entity.Value = transition.Alert.Value is { } v && double.IsFinite(v) ? v : entity.Value;
        }

        var rows = AlertHistory.Append(db, events);
        await db.SaveChangesAsync(cancellationToken);
        history.Publish(rows);
        return transitions;
    }

    static string Describe(AlertRule rule, TrackedAlert alert) =>
        alert.State switch
        {
            AlertState.Firing or AlertState.Pending => $"{rule.Condition.Describe()} (value {alert.Value?.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"})",
            AlertState.Resolved or AlertState.Inactive => "The condition no longer holds.",
            _ => string.Empty,
        };
}
