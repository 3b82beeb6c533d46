using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Housekeeping;

/// <summary>
/// Deletes finished runs beyond the retention: older than <see cref="TestRunRetentionOptions.Days"/>, or beyond the newest
/// <see cref="TestRunRetentionOptions.MaxRunsPerRepository"/> of their repository. Everything of a run goes with it:
/// events, per-case results, compressed details, projects and notification deliveries.
/// </summary>
public sealed class TestRunPruner(
    IDbContextFactory<TestingDbContext> contexts, TimeProvider timeProvider, IOptions<TestRunRetentionOptions> options, TestRunChanges changes)
{
    const int Batch = 200;

    /// <summary>Prunes now; returns how many runs were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return 0;
        }

        var doomed = new HashSet<string>(StringComparer.Ordinal);
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var finished = context.Runs.AsNoTracking()
                .Where(r => r.Status != TestRunStatus.Queued && r.Status != TestRunStatus.Running);
            if (settings.Days is { } days)
            {
                var cutoff = timeProvider.GetUtcNow().AddDays(-days);
                // Timestamps are stored portably (ticks on SQLite), so compare in the database with the same conversion.
                doomed.UnionWith(await finished.Where(r => (r.FinishedAt ?? r.CreatedAt) < cutoff).Select(r => r.Id).ToListAsync(cancellationToken));
            }

            if (settings.MaxRunsPerRepository is { } keep)
            {
                var crowded = await finished.GroupBy(r => r.Repository).Where(g => g.Count() > keep).Select(g => g.Key).ToListAsync(cancellationToken);
                foreach (var repository in crowded)
                {
                    // Run ids are version-7 GUIDs: descending id is newest first.
                    doomed.UnionWith(await finished.Where(r => r.Repository == repository).OrderByDescending(r => r.Id).Skip(keep)
                        .Select(r => r.Id).ToListAsync(cancellationToken));
                }
            }
        }

        foreach (var chunk in doomed.Chunk(Batch))
        {
            await DeleteAsync(chunk, cancellationToken);
        }

        return doomed.Count;
    }

    /// <summary>Children first and in one transaction, so no database's foreign-key settings decide what is left behind.</summary>
    async Task DeleteAsync(string[] ids, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.Events.Where(e => ids.Contains(e.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Results.Where(r => ids.Contains(r.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Details.Where(d => ids.Contains(d.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Projects.Where(p => ids.Contains(p.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.CoverageFiles.Where(f => ids.Contains(f.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Coverage.Where(c => ids.Contains(c.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.NotificationDeliveries.Where(d => d.RunId != null && ids.Contains(d.RunId)).ExecuteDeleteAsync(cancellationToken);
        await context.Runs.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The live runs list drops these rows; a page that shows them would otherwise link to runs that are gone.
        var now = timeProvider.GetUtcNow();
        foreach (var id in ids)
        {
            changes.Publish(new TestRunChange(TestRunChangeTypes.Deleted, now, id, null, []));
        }
    }
}
