using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Rules;

/// <summary>Alert rules in the platform database: the definition as JSON, name and enabled flag as columns.</summary>
public sealed class AlertRuleStore(IDbContextFactory<MonitoringDbContext> contexts, ConditionEvaluator conditions, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rows.Select(ToRule).ToList();
    }

    public async Task<AlertRule> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return ToRule(await FindAsync(db, id, cancellationToken));
    }

    public async Task<AlertRule> CreateAsync(AlertRule rule, string by, CancellationToken cancellationToken)
    {
        rule = AlertRuleValidator.Validate(rule, conditions.CanEvaluateAnomalies);
        var now = timeProvider.GetUtcNow();
        var entity = new AlertRuleEntity
        {
            Id = LightningId.New("arule"),
            Name = rule.Name.Trim(),
            Enabled = rule.Enabled,
            CreatedBy = MonitoringDbContext.Fit(by, 64)!,
            CreatedAt = now,
            UpdatedAt = now,
        };
        entity.Definition = Serialize(rule with { Id = entity.Id, Name = entity.Name });
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureNameFreeAsync(db, entity.Name, null, cancellationToken);
        db.AlertRules.Add(entity);
        PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, $"Alert rule '{entity.Name}' created", new Dictionary<string, string> { ["component"] = "alert-rule", ["rule"] = entity.Id }, entity.CreatedBy);
        await db.SaveChangesAsync(cancellationToken);
        return ToRule(entity);
    }

    public async Task<AlertRule> UpdateAsync(string id, AlertRule rule, CancellationToken cancellationToken)
    {
        rule = AlertRuleValidator.Validate(rule, conditions.CanEvaluateAnomalies);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        await EnsureNameFreeAsync(db, rule.Name.Trim(), id, cancellationToken);
        entity.Name = rule.Name.Trim();
        entity.Enabled = rule.Enabled;
        entity.UpdatedAt = timeProvider.GetUtcNow();
        entity.Definition = Serialize(rule with { Id = entity.Id, Name = entity.Name });
        PlatformEventStore.StageConfigChange(db, entity.UpdatedAt, PlatformEventSources.Alerts, $"Alert rule '{entity.Name}' changed", new Dictionary<string, string> { ["component"] = "alert-rule", ["rule"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ToRule(entity);
    }

    public async Task<AlertRule> SetEnabledAsync(string id, bool enabled, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        entity.Enabled = enabled;
        entity.UpdatedAt = timeProvider.GetUtcNow();
        PlatformEventStore.StageConfigChange(db, entity.UpdatedAt, PlatformEventSources.Alerts, $"Alert rule '{entity.Name}' {(enabled ? "enabled" : "disabled")}", new Dictionary<string, string> { ["component"] = "alert-rule", ["rule"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ToRule(entity);
    }

    /// <summary>Deletes the rule; its alerts and their history stay readable.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        db.AlertRules.Remove(entity);
        PlatformEventStore.StageConfigChange(db, timeProvider.GetUtcNow(), PlatformEventSources.Alerts, $"Alert rule '{entity.Name}' deleted", new Dictionary<string, string> { ["component"] = "alert-rule", ["rule"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
    }

    static async Task<AlertRuleEntity> FindAsync(MonitoringDbContext db, string id, CancellationToken cancellationToken) =>
        await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new LightningException(ErrorKind.NotFound, "monitoring.alert_rule_not_found", $"No alert rule '{id}'.");

    static async Task EnsureNameFreeAsync(MonitoringDbContext db, string name, string? except, CancellationToken cancellationToken)
    {
        if (await db.AlertRules.AnyAsync(r => r.Name == name && r.Id != except, cancellationToken))
            throw new LightningException(ErrorKind.Conflict, "monitoring.alert_rule_exists", $"An alert rule named '{name}' already exists.");
    }

    static string Serialize(AlertRule rule) =>
        JsonSerializer.Serialize(rule with { CreatedAt = null, CreatedBy = null, UpdatedAt = null }, LightningJson.Options);

    internal static AlertRule ToRule(AlertRuleEntity entity)
    {
        var rule = JsonSerializer.Deserialize<AlertRule>(entity.Definition, LightningJson.Options)
            ?? throw new InvalidOperationException($"Alert rule {entity.Id} has an empty definition.");
        return rule with
        {
            Id = entity.Id,
            Name = entity.Name,
            Enabled = entity.Enabled,
            CreatedBy = entity.CreatedBy,
            CreatedAt = entity.CreatedAt,
            UpdatedAt = entity.UpdatedAt,
        };
    }
}
