using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Dashboards;

/// <summary>
/// Saved dashboards in the platform database. Each update names the version it replaces (optimistic concurrency), so
/// two people editing one dashboard do not silently overwrite each other.
/// </summary>
public sealed class DashboardStore(IDbContextFactory<MonitoringDbContext> contexts, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<SavedDashboard>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Dashboards.AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ToDashboard)];
    }

    /// <summary>The dashboard, or a not-found <see cref="LightningException"/>.</summary>
    public async Task<SavedDashboard> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Dashboards.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return ToDashboard(row ?? throw NotFound(id));
    }

    public async Task<SavedDashboard> CreateAsync(DashboardDefinition? definition, string by, CancellationToken cancellationToken)
    {
        DashboardValidator.Validate(definition);
        var now = timeProvider.GetUtcNow();
        var row = new DashboardEntity
        {
            Id = LightningId.New("dash"),
            Name = definition!.Name!.Trim(),
            Definition = Serialize(definition),
            Version = 1,
            CreatedBy = MonitoringDbContext.Fit(by, 64)!,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Dashboards.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ToDashboard(row);
    }

    /// <summary>
    /// Replaces the dashboard if it is still at <paramref name="expectedVersion"/>; returns null (and changes nothing)
    /// when someone else saved it first. An unknown id is a not-found <see cref="LightningException"/>.
    /// </summary>
    public async Task<SavedDashboard?> UpdateAsync(string id, DashboardDefinition? definition, int expectedVersion, CancellationToken cancellationToken)
    {
        DashboardValidator.Validate(definition);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = definition!.Name!.Trim();
        var json = Serialize(definition);
        var now = timeProvider.GetUtcNow();
        // One conditional UPDATE: the version check and the write cannot be split by another writer.
        var updated = await db.Dashboards.Where(d => d.Id == id && d.Version == expectedVersion).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Name, name)
            .SetProperty(d => d.Definition, json)
            .SetProperty(d => d.Version, d => d.Version + 1)
            .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            return await db.Dashboards.AnyAsync(d => d.Id == id, cancellationToken) ? null : throw NotFound(id);
        }

        return ToDashboard(await db.Dashboards.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken));
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Dashboards.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) == 0) throw NotFound(id);
    }

    static LightningException NotFound(string id) => new(ErrorKind.NotFound, "dashboard.not_found", $"No dashboard with id '{id}'.");

    static string Serialize(DashboardDefinition definition) => JsonSerializer.Serialize(definition with
    {
        Name = definition.Name?.Trim(),
        TimeRange = definition.TimeRange ?? "1h",
        Variables = definition.Variables ?? new Dictionary<string, string>(StringComparer.Ordinal),
        Panels = definition.Panels ?? [],
    }, LightningJson.Options);

    static SavedDashboard ToDashboard(DashboardEntity row)
    {
        var definition = JsonSerializer.Deserialize<DashboardDefinition>(row.Definition, LightningJson.Options) ?? new DashboardDefinition();
        return new SavedDashboard(
            row.Id,
            row.Version,
            row.Name,
            definition.Description,
            definition.TimeRange ?? "1h",
            definition.Refresh,
            definition.Variables ?? new Dictionary<string, string>(StringComparer.Ordinal),
            definition.Panels ?? [],
            row.CreatedBy,
            row.CreatedAt,
            row.UpdatedAt);
    }
}
