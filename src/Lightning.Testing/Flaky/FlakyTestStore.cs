using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Flaky;

/// <summary>An order dependency as the API shows it: <see cref="Id"/> fails when it runs after <see cref="After"/>.</summary>
public sealed record OrderDependency(string Repository, string Id, string After, string? Project, string Evidence, DateTimeOffset FoundAt);

/// <summary>The stored verdicts (one per test and repository, the latest) and the order dependencies found.</summary>
public sealed class FlakyTestStore(IDbContextFactory<TestingDbContext> contexts, TimeProvider timeProvider)
{
    /// <summary>Stores verdicts; a test that is neither flaky nor inconclusive any more keeps its row with its new status.</summary>
    public async Task SaveAsync(IReadOnlyList<FlakyVerdict> verdicts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var group in verdicts.GroupBy(v => v.Repository, StringComparer.Ordinal))
        {
            var ids = group.Select(v => v.Id).ToList();
            var existing = await context.FlakyTests.Where(f => f.Repository == group.Key && ids.Contains(f.CaseId))
                .ToDictionaryAsync(f => f.CaseId, StringComparer.Ordinal, cancellationToken);
            foreach (var verdict in group)
            {
                if (!existing.TryGetValue(verdict.Id, out var entity))
                {
                    if (verdict.Status is FlakyStatus.Stable)
                    {
                        continue; // nothing worth a row
                    }

                    entity = new FlakyTestEntity { Repository = verdict.Repository, CaseId = verdict.Id, EvidenceJson = "[]", FirstSeenAt = now };
                    context.FlakyTests.Add(entity);
                    existing[verdict.Id] = entity;
                }

                entity.Project = TestingDbContext.Fit(verdict.Project, TestingDbContext.MaxRepository);
                entity.Framework = verdict.Framework;
                entity.File = TestingDbContext.Fit(verdict.File, TestingDbContext.MaxRepository);
                entity.Score = verdict.Score;
                entity.Kind = verdict.Kind;
                entity.Status = verdict.Status;
                entity.Runs = verdict.Runs;
                entity.Failures = verdict.Failures;
                entity.EvidenceJson = JsonSerializer.Serialize(new StoredVerdict(verdict.Summary, verdict.Reruns, verdict.Evidence), LightningJson.Options);
                entity.UpdatedAt = now;
            }
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stored verdicts of a repository (or all), flaky first by score; <paramref name="status"/> narrows.</summary>
    public async Task<IReadOnlyList<FlakyVerdict>> ListAsync(string? repository, FlakyStatus? status, int limit, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = context.FlakyTests.AsNoTracking();
        if (!string.IsNullOrEmpty(repository))
        {
            rows = rows.Where(f => f.Repository == repository);
        }

        if (status is { } wanted)
        {
            rows = rows.Where(f => f.Status == wanted);
        }

        var list = await rows.ToListAsync(cancellationToken);
        var quarantined = await context.Quarantine.AsNoTracking().Select(q => new { q.Repository, q.CaseId, q.ExpiresAt }).ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var active = quarantined.Where(q => q.ExpiresAt is not { } expiry || expiry > now).Select(q => (q.Repository, q.CaseId)).ToHashSet();
        return [.. list
            .OrderBy(f => f.Status).ThenByDescending(f => f.Score).ThenBy(f => f.CaseId, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 1000))
            .Select(f => ToVerdict(f, active.Contains((f.Repository, f.CaseId))))];
    }

    public async Task<FlakyVerdict?> FindAsync(string repository, string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await context.FlakyTests.AsNoTracking().FirstOrDefaultAsync(f => f.Repository == repository && f.CaseId == id, cancellationToken);
        return row is null ? null : ToVerdict(row, false);
    }

    /// <summary>Ids of the repository's tests currently judged flaky (for the retry policy and smart ordering).</summary>
    public async Task<IReadOnlySet<string>> FlakyIdsAsync(string repository, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await context.FlakyTests.AsNoTracking().Where(f => f.Repository == repository && f.Status == FlakyStatus.Flaky)
            .Select(f => f.CaseId).ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Ids of the repository's tests with a stored verdict, whatever it is: they are weighed again whenever they run.</summary>
    public async Task<IReadOnlySet<string>> TrackedIdsAsync(string repository, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await context.FlakyTests.AsNoTracking().Where(f => f.Repository == repository).Select(f => f.CaseId).ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    public async Task SaveDependencyAsync(OrderDependency dependency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.OrderDependencies.FirstOrDefaultAsync(
            d => d.Repository == dependency.Repository && d.CaseId == dependency.Id && d.AfterCaseId == dependency.After, cancellationToken);
        if (entity is null)
        {
            entity = new OrderDependencyEntity { Repository = dependency.Repository, CaseId = dependency.Id, AfterCaseId = dependency.After, Evidence = string.Empty };
            context.OrderDependencies.Add(entity);
        }

        entity.Project = dependency.Project;
        entity.Evidence = TestingDbContext.Fit(dependency.Evidence, TestingDbContext.MaxMessage)!;
        entity.FoundAt = dependency.FoundAt;
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OrderDependency>> DependenciesAsync(string repository, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.OrderDependencies.AsNoTracking().Where(d => d.Repository == repository).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(d => d.CaseId, StringComparer.Ordinal).ThenBy(d => d.AfterCaseId, StringComparer.Ordinal)
            .Select(d => new OrderDependency(d.Repository, d.CaseId, d.AfterCaseId, d.Project, d.Evidence, d.FoundAt))];
    }

    static FlakyVerdict ToVerdict(FlakyTestEntity entity, bool quarantined)
    {
        var stored = JsonSerializer.Deserialize<StoredVerdict>(entity.EvidenceJson, LightningJson.Options) ?? new StoredVerdict(string.Empty, 0, []);
        return new FlakyVerdict(entity.Repository, entity.CaseId, entity.Status, entity.Score, entity.Kind, entity.Runs, entity.Failures, stored.Evidence)
        {
            Project = entity.Project,
            Framework = entity.Framework,
            File = entity.File,
            Summary = stored.Summary,
            Reruns = stored.Reruns,
            Quarantined = quarantined,
            UpdatedAt = entity.UpdatedAt,
        };
    }

    sealed record StoredVerdict(string Summary, int Reruns, IReadOnlyList<FlakyEvidence> Evidence);
}
