using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.Flaky;

/// <summary>A test's identity in history and its observations over the window, oldest first.</summary>
public sealed record TestHistoryWindow(string Id, string Project, string Framework, string? File, string? ClassName, IReadOnlyList<TestObservation> Observations);

/// <summary>Reads the history the flaky detector and the optimizer work from: the last N finished runs of a repository.</summary>
public sealed class FlakyHistory(IDbContextFactory<TestingDbContext> contexts)
{
    /// <summary>
    /// Each test of the repository seen in its last <paramref name="runs"/> finished runs — all of them, or only those
    /// that failed, errored or passed on a retry at least once (<paramref name="failingOnly"/>), or those named.
    /// </summary>
    public async Task<IReadOnlyList<TestHistoryWindow>> ReadAsync(
        string repository, int runs, bool failingOnly, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var recent = await context.Runs.AsNoTracking()
            .Where(r => r.Repository == repository && r.Status != TestRunStatus.Queued && r.Status != TestRunStatus.Running)
            .OrderByDescending(r => r.Id).Take(Math.Clamp(runs, 1, 5000))
            .Select(r => new { r.Id, r.CommitSha }).ToListAsync(cancellationToken);
        var runIds = recent.Select(r => r.Id).ToList();
        var commits = recent.ToDictionary(r => r.Id, r => r.CommitSha, StringComparer.Ordinal);
        var rows = context.Results.AsNoTracking().Where(r => runIds.Contains(r.RunId));
        if (ids is { Count: > 0 })
        {
            rows = rows.Where(r => ids.Contains(r.CaseId));
        }
        else if (failingOnly)
        {
            var failing = context.Results.AsNoTracking()
                .Where(r => runIds.Contains(r.RunId) && (r.Outcome == TestOutcome.Failed || r.Outcome == TestOutcome.Errored || r.Outcome == TestOutcome.Flaky))
                .Select(r => r.CaseId).Distinct();
            rows = rows.Where(r => failing.Contains(r.CaseId));
        }

        var list = await rows.Select(r => new
        {
            r.CaseId, r.Project, r.Framework, r.File, r.ClassName, r.RunId, r.RunAt, r.Outcome, r.Attempts, r.FailureMessage, r.Id, r.DurationMs,
        }).ToListAsync(cancellationToken);
        return [.. list.GroupBy(r => r.CaseId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var latest = g.OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).First();
            var observations = g.OrderBy(r => r.RunAt).ThenBy(r => r.Id)
                .Select(r => new TestObservation(r.RunId, r.RunAt, commits.GetValueOrDefault(r.RunId), r.Outcome, r.Attempts, r.FailureMessage)
                {
                    Duration = r.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                })
                .ToList();
            return new TestHistoryWindow(g.Key, latest.Project, latest.Framework, latest.File, latest.ClassName, observations);
        })];
    }

    /// <summary>The cases of the repository's latest finished run of a project, in the order they ran.</summary>
    public async Task<IReadOnlyList<string>> LatestOrderAsync(string repository, string project, CancellationToken cancellationToken) =>
        [.. (await LatestOrderedTestsAsync(repository, project, cancellationToken)).Select(test => test.Id)];

    /// <summary>The project's cases in the order of its latest recorded run, each with its file (Jest orders files).</summary>
    public async Task<IReadOnlyList<Runners.OrderedRunTest>> LatestOrderedTestsAsync(string repository, string project, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var runId = await context.Results.AsNoTracking().Where(r => r.Repository == repository && r.Project == project)
            .OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).Select(r => r.RunId).FirstOrDefaultAsync(cancellationToken);
        if (runId is null)
        {
            return [];
        }

        return await context.Results.AsNoTracking().Where(r => r.RunId == runId && r.Project == project && r.Outcome != TestOutcome.Skipped)
            .OrderBy(r => r.Id).Select(r => new Runners.OrderedRunTest(project, r.CaseId, r.File)).ToListAsync(cancellationToken);
    }
}
