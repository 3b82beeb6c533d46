using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>The routing tree, inhibition rules and escalation policies, kept as one validated document.</summary>
public sealed class RoutingStore(IDbContextFactory<MonitoringDbContext> contexts, TimeProvider timeProvider)
{
    const string Key = "routing";
    const int MaxDepth = 16;

    public async Task<AlertRoutingConfig> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is null) return new AlertRoutingConfig();
        var config = JsonSerializer.Deserialize<AlertRoutingConfig>(row.Value, LightningJson.Options) ?? new AlertRoutingConfig();
        return config with { UpdatedAt = row.UpdatedAt };
    }

    public async Task<AlertRoutingConfig> SetAsync(AlertRoutingConfig config, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = (await db.AlertChannels.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        Validate(config, channels);
        var now = timeProvider.GetUtcNow();
        var row = await db.AlertSettings.FirstOrDefaultAsync(s => s.Key == Key, cancellationToken);
        if (row is null)
        {
            row = new AlertSettingEntity { Key = Key };
            db.AlertSettings.Add(row);
        }

        row.Value = JsonSerializer.Serialize(config with { UpdatedAt = null }, LightningJson.Options);
        row.UpdatedAt = now;
        PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, "Alert routing changed", new Dictionary<string, string> { ["component"] = "alert-routing" });
        await db.SaveChangesAsync(cancellationToken);
        return config with { UpdatedAt = now };
    }

    /// <summary>Checks a routing document as <see cref="SetAsync"/> does, without saving it.</summary>
    public async Task ValidateAsync(AlertRoutingConfig config, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = (await db.AlertChannels.AsNoTracking().Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        Validate(config, channels);
    }

    static void Validate(AlertRoutingConfig? config, IReadOnlySet<string> channels)
    {
        var validator = new Validator();
        if (config?.Root is null)
        {
            validator.Add("root", "Give the root route: {\"root\":{\"channels\":[\"CHANNEL_ID\"],\"routes\":[...]}}.");
            validator.ThrowIfInvalid();
            return;
        }

        var policies = new HashSet<string>(StringComparer.Ordinal);
        var escalations = config.Escalations ?? [];
        for (var i = 0; i < escalations.Count; i++)
        {
            var policy = escalations[i];
            var field = $"escalations[{i}]";
            if (policy is null || string.IsNullOrWhiteSpace(policy.Name)) { validator.Add(field, "An escalation policy needs a name."); continue; }
            if (!policies.Add(policy.Name)) validator.Add(field, $"Two escalation policies are named '{policy.Name}'.");
            if (policy.Steps is not { Count: > 0 }) validator.Add(field, $"Escalation policy '{policy.Name}' needs at least one step.");
            var previous = TimeSpan.Zero;
            foreach (var (step, s) in (policy.Steps ?? []).Select((step, s) => (step, s)))
            {
                if (step.After <= TimeSpan.Zero || step.After < previous)
                    validator.Add($"{field}.steps[{s}]", "Each step's 'after' is above 0 and not before the previous step's.");
                previous = step.After;
                CheckChannels(validator, $"{field}.steps[{s}].channels", step.Channels, channels);
            }
        }

        ValidateRoute(validator, "root", config.Root, channels, policies, 0);
        var inhibitions = config.Inhibitions ?? [];
        for (var i = 0; i < inhibitions.Count; i++)
        {
            var rule = inhibitions[i];
            if (rule is null) { validator.Add($"inhibitions[{i}]", "An inhibition needs source and target matchers."); continue; }
            if (rule.SourceMatchers is not { Count: > 0 } || rule.TargetMatchers is not { Count: > 0 })
                validator.Add($"inhibitions[{i}]", "An inhibition needs sourceMatchers and targetMatchers: without them it would mute everything.");
            LabelMatchers.Validate(validator, $"inhibitions[{i}].sourceMatchers", rule.SourceMatchers);
            LabelMatchers.Validate(validator, $"inhibitions[{i}].targetMatchers", rule.TargetMatchers);
        }

        validator.ThrowIfInvalid();
    }

    static void ValidateRoute(Validator validator, string field, AlertRoute route, IReadOnlySet<string> channels, IReadOnlySet<string> policies, int depth)
    {
        if (depth > MaxDepth) { validator.Add(field, $"Routes nest at most {MaxDepth} deep."); return; }
        LabelMatchers.Validate(validator, $"{field}.matchers", route.Matchers);
        CheckChannels(validator, $"{field}.channels", route.Channels, channels);
        foreach (var (name, value) in new[] { ("groupWait", route.GroupWait), ("groupInterval", route.GroupInterval), ("repeatInterval", route.RepeatInterval) })
        {
            if (value is { } v && v <= TimeSpan.Zero) validator.Add($"{field}.{name}", $"{name} is a duration above 0.");
        }

        if (route.Escalation is { } escalation && !policies.Contains(escalation))
            validator.Add($"{field}.escalation", $"No escalation policy is named '{escalation}'.");
        var children = route.Routes ?? [];
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i] is null) { validator.Add($"{field}.routes[{i}]", "A route cannot be null."); continue; }
            ValidateRoute(validator, $"{field}.routes[{i}]", children[i], channels, policies, depth + 1);
        }
    }

    static void CheckChannels(Validator validator, string field, IReadOnlyList<string>? ids, IReadOnlySet<string> channels)
    {
        foreach (var id in ids ?? [])
        {
            if (!channels.Contains(id)) validator.Add(field, $"No channel '{id}': create it first (POST /api/v2/monitoring/alerts/channels).");
        }
    }
}
