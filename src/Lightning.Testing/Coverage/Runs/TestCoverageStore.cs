using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Coverage.Goals;
using Lightning.Testing.Coverage.Reports;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// Runs' coverage in the testing tables: per run its totals, goals and problems plus the compressed merged report
/// (<c>test_coverage</c>), and per file its totals (<c>test_coverage_files</c>), which the trend sums by project.
/// </summary>
public sealed class TestCoverageStore(IDbContextFactory<TestingDbContext> contexts)
{
    const int MaxTrend = 500;

    /// <summary>Stores (or replaces) a run's coverage.</summary>
    public async Task<RunCoverageSummary> SaveAsync(RunCoverageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Replacing (an import into a run) is all or nothing: a reader never sees the files of one save and the totals of another.
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.CoverageFiles.Where(f => f.RunId == record.RunId).ExecuteDeleteAsync(cancellationToken);
        await context.Coverage.Where(c => c.RunId == record.RunId).ExecuteDeleteAsync(cancellationToken);
        var totals = record.Report?.Totals ?? CoverageTotals.Empty;
        var entity = new TestCoverageEntity
        {
            RunId = record.RunId,
            Repository = TestingDbContext.Fit(record.Repository, TestingDbContext.MaxRepository)!,
            CommitSha = record.CommitSha,
            Branch = TestingDbContext.Fit(record.Branch, 255),
            RootDirectory = record.Root is { Length: <= 4096 } root ? root : null,
            RecordedAt = record.RecordedAt,
            LinesCovered = totals.LinesCovered,
            LinesTotal = totals.LinesTotal,
            BranchesCovered = totals.BranchesCovered,
            BranchesTotal = totals.BranchesTotal,
            FunctionsCovered = totals.FunctionsCovered,
            FunctionsTotal = totals.FunctionsTotal,
            GoalsJson = record.Goals is null ? null : JsonSerializer.Serialize(record.Goals, LightningJson.Options),
            UnavailableJson = record.Unavailable.Count == 0 ? null : JsonSerializer.Serialize(record.Unavailable, LightningJson.Options),
        };
        if (record.Report is { } report)
        {
            using var json = new MemoryStream();
            await CoverageJsonWriter.WriteAsync(report, json, cancellationToken);
            entity.Length = json.Length;
            entity.Data = StoredBlob.Compress(json.ToArray());
            context.CoverageFiles.AddRange(report.Files
                .Where(file => file.Path.Length <= TestingDbContext.MaxRepository)
                .Select(file => ToEntity(record.RunId, file)));
        }

        context.Coverage.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Summary(entity, record.Report?.Files.Count ?? 0);
    }

    public async Task<RunCoverageSummary?> FindAsync(string runId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(context, runId, cancellationToken);
    }

    /// <summary>A run's coverage summary read through a context the caller holds (the run view reads it with the run).</summary>
    internal static async Task<RunCoverageSummary?> FindAsync(TestingDbContext context, string runId, CancellationToken cancellationToken)
    {
        var entity = await context.Coverage.AsNoTracking().Where(c => c.RunId == runId)
            .Select(c => new { Entity = c, Files = context.CoverageFiles.Count(f => f.RunId == c.RunId) })
            .FirstOrDefaultAsync(cancellationToken);
        return entity is null ? null : Summary(entity.Entity, entity.Files);
    }

    /// <summary>A run's stored coverage with its full report (null when nothing was measured) and the directory of its sources.</summary>
    public async Task<StoredRunCoverage?> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.Coverage.AsNoTracking().FirstOrDefaultAsync(c => c.RunId == runId, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        CoverageReport? report = null;
        if (entity.Data is { } data)
        {
            await using var stream = new MemoryStream(StoredBlob.Decompress(data));
            report = await new LightningCoverageJsonParser().ParseAsync(stream, $"coverage of {runId}", cancellationToken);
        }

        return new StoredRunCoverage(Summary(entity, report?.Files.Count ?? 0), report, entity.RootDirectory);
    }

    /// <summary>
    /// The coverage of a repository's last <paramref name="limit"/> runs, oldest first; with <paramref name="project"/>
    /// (a directory relative to the runs' root), the totals of the files under it.
    /// </summary>
    public async Task<IReadOnlyList<CoverageTrendPoint>> TrendAsync(string repository, string? project, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        limit = Math.Clamp(limit, 1, MaxTrend);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await context.Coverage.AsNoTracking().Where(c => c.Repository == repository && c.Data != null)
            .OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.RunId).Take(limit).ToListAsync(cancellationToken);
        var ids = runs.Select(r => r.RunId).ToList();
        Dictionary<string, CoverageTotals>? byProject = null;
        if (project is not null)
        {
            var prefix = project.TrimEnd('/') + "/";
            var files = await context.CoverageFiles.AsNoTracking()
                .Where(f => ids.Contains(f.RunId) && (f.Path == project || f.Path.StartsWith(prefix)))
                .GroupBy(f => f.RunId)
                .Select(g => new
                {
                    RunId = g.Key,
                    LinesCovered = g.Sum(f => f.LinesCovered), LinesTotal = g.Sum(f => f.LinesTotal),
                    BranchesCovered = g.Sum(f => f.BranchesCovered), BranchesTotal = g.Sum(f => f.BranchesTotal),
                    FunctionsCovered = g.Sum(f => f.FunctionsCovered), FunctionsTotal = g.Sum(f => f.FunctionsTotal),
                })
                .ToListAsync(cancellationToken);
            byProject = files.ToDictionary(f => f.RunId, f => new CoverageTotals(f.LinesCovered, f.LinesTotal, f.BranchesCovered, f.BranchesTotal, f.FunctionsCovered, f.FunctionsTotal), StringComparer.Ordinal);
        }

        return [.. runs.AsEnumerable().Reverse()
            .Where(run => byProject is null || byProject.ContainsKey(run.RunId))
            .Select(run => new CoverageTrendPoint(run.RunId, run.CommitSha, run.Branch, run.RecordedAt, byProject?[run.RunId] ?? Totals(run)))];
    }

    static TestCoverageFileEntity ToEntity(string runId, FileCoverage file)
    {
        var totals = file.Totals;
        return new TestCoverageFileEntity
        {
            RunId = runId,
            Path = file.Path,
            LinesCovered = totals.LinesCovered,
            LinesTotal = totals.LinesTotal,
            BranchesCovered = totals.BranchesCovered,
            BranchesTotal = totals.BranchesTotal,
            FunctionsCovered = totals.FunctionsCovered,
            FunctionsTotal = totals.FunctionsTotal,
        };
    }

    static CoverageTotals Totals(TestCoverageEntity entity) =>
        new(entity.LinesCovered, entity.LinesTotal, entity.BranchesCovered, entity.BranchesTotal, entity.FunctionsCovered, entity.FunctionsTotal);

    static RunCoverageSummary Summary(TestCoverageEntity entity, int files) => new(
        entity.RunId, entity.Repository, entity.CommitSha, entity.Branch, entity.RecordedAt, Totals(entity), files,
        entity.GoalsJson is null ? null : JsonSerializer.Deserialize<CoverageEnforcement>(entity.GoalsJson, LightningJson.Options),
        entity.UnavailableJson is null ? [] : JsonSerializer.Deserialize<List<string>>(entity.UnavailableJson, LightningJson.Options) ?? []);
}
