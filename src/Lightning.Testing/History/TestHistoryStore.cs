using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Testing.History;

/// <summary>
/// Every test run the platform saw, in the module's tables: the run and its projects, one row per case, the full
/// results (compressed) and the run's event log. Reads answer the history questions: runs by repository, framework
/// and status; one test over time; the slowest and the most failing tests.
/// </summary>
public sealed class TestHistoryStore(IDbContextFactory<TestingDbContext> contexts, TimeProvider timeProvider)
{
    const int MaxPage = 500;

    public async Task CreateAsync(TestRunEntity run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Runs.Add(run);
        await context.SaveChangesAsync(cancellationToken);
    }

    public async Task MarkStartedAsync(string id, DateTimeOffset startedAt, string? commitSha, string? branch, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await context.Runs.FirstAsync(r => r.Id == id, cancellationToken);
        run.Status = TestRunStatus.Running;
        run.StartedAt = startedAt;
        run.CommitSha = commitSha;
        run.Branch = TestingDbContext.Fit(branch, 255);
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Appends events to a run's log; their sequences are the run's next ones.</summary>
    public async Task AppendEventsAsync(IReadOnlyList<TestRunEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Events.AddRange(events.Select(e => new TestRunEventEntity
        {
            RunId = e.RunId,
            Sequence = e.Sequence,
            Type = e.Type,
            At = e.At,
            Project = TestingDbContext.Fit(e.Project, TestingDbContext.MaxRepository),
            Data = e.Data?.GetRawText(),
        }));
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records how a run ended: its status, its projects, one row per case and the full results; the cases of
    /// <paramref name="quarantined"/> tests are marked so, and their failures counted apart.
    /// </summary>
    public async Task<TestRunView> CompleteAsync(
        string id, TestRunStatus status, DateTimeOffset finishedAt, string? error, IReadOnlyList<TestRunProjectResult> projects,
        CancellationToken cancellationToken, IReadOnlySet<string>? quarantined = null)
    {
        ArgumentNullException.ThrowIfNull(projects);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await context.Runs.FirstAsync(r => r.Id == id, cancellationToken);
        var totals = projects.Aggregate(TestTotals.Empty, (sum, project) => sum.Add(project.Run.Totals));
        run.Status = status;
        run.StartedAt ??= finishedAt;
        run.FinishedAt = finishedAt;
        run.Error = TestingDbContext.Fit(error, TestingDbContext.MaxMessage);
        run.QuarantinedFailures = Flaky.QuarantinedResults.CountFailures(projects, quarantined);
        run.Framework ??= projects.Count == 0 ? null : string.Join(',', projects.Select(p => p.Framework).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        (run.Total, run.Passed, run.Failed, run.Errored, run.Skipped, run.Flaky, run.SuiteErrors, run.TestDurationMs) =
            (totals.Total, totals.Passed, totals.Failed, totals.Errored, totals.Skipped, totals.Flaky, totals.SuiteErrors, totals.Duration.TotalMilliseconds);

        for (var ordinal = 0; ordinal < projects.Count; ordinal++)
        {
            var project = projects[ordinal];
            var projectTotals = project.Run.Totals;
            context.Projects.Add(new TestRunProjectEntity
            {
                RunId = id,
                Ordinal = ordinal,
                Root = TestingDbContext.Fit(project.Root, TestingDbContext.MaxRepository)!,
                Framework = project.Framework,
                Name = TestingDbContext.Fit(project.Name, 255)!,
                Variant = project.Variant,
                ExitCode = project.ExitCode,
                TimedOut = project.TimedOut,
                Error = TestingDbContext.Fit(project.Error, TestingDbContext.MaxMessage),
                Total = projectTotals.Total,
                Passed = projectTotals.Passed,
                Failed = projectTotals.Failed,
                Errored = projectTotals.Errored,
                Skipped = projectTotals.Skipped,
                Flaky = projectTotals.Flaky,
                SuiteErrors = projectTotals.SuiteErrors,
                TestDurationMs = projectTotals.Duration.TotalMilliseconds,
            });
            foreach (var suite in project.Run.Suites)
            {
                AddResults(context, run, project, suite, suite.Name, finishedAt, quarantined);
            }
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(projects, LightningJson.Options);
        context.Details.Add(new TestRunDetailEntity { RunId = id, Data = StoredBlob.Compress(json), Length = json.Length });
        await context.SaveChangesAsync(cancellationToken);
        return TestRunView.From(run);
    }

    public async Task<TestRunView?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await context.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return run is null ? null : TestRunView.From(run);
    }

    /// <summary>A run with its projects and cases (those of <paramref name="outcome"/> only, when given), in the order they ran.</summary>
    public async Task<TestRunDetails?> GetAsync(string id, TestOutcome? outcome, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await context.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var projects = await context.Projects.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.Ordinal).ToListAsync(cancellationToken);
        var results = context.Results.AsNoTracking().Where(r => r.RunId == id);
        if (outcome is { } wanted)
        {
            results = results.Where(r => r.Outcome == wanted);
        }

        var rows = await results.OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return new TestRunDetails(TestRunView.From(run), projects.Select(TestRunProjectView.From).ToList(), rows.Select(TestResultView.From).ToList())
        {
            Coverage = await Coverage.Runs.TestCoverageStore.FindAsync(context, id, cancellationToken),
        };
    }

    /// <summary>The full results of a finished run, per project; null when the run is unknown or has not finished.</summary>
    public async Task<IReadOnlyList<TestRunProjectResult>?> ReadResultsAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var detail = await context.Details.AsNoTracking().FirstOrDefaultAsync(d => d.RunId == id, cancellationToken);
        return detail is null ? null : JsonSerializer.Deserialize<List<TestRunProjectResult>>(StoredBlob.Decompress(detail.Data), LightningJson.Options);
    }

    public async Task<TestRunPage> ListAsync(TestRunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = context.Runs.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Repository))
        {
            runs = runs.Where(r => r.Repository == query.Repository);
        }

        if (!string.IsNullOrEmpty(query.Framework))
        {
            // A run of several projects matches when any of them used the framework.
            runs = runs.Where(r => context.Projects.Any(p => p.RunId == r.Id && p.Framework == query.Framework) || r.Framework == query.Framework);
        }

        if (query.Status is { } status)
        {
            runs = runs.Where(r => r.Status == status);
        }

        if (!string.IsNullOrEmpty(query.Before))
        {
            // Ids are time-ordered, so the id of the last item is the cursor.
            runs = runs.Where(r => string.Compare(r.Id, query.Before) < 0);
        }

        var page = await runs.OrderByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = page.Take(limit).Select(TestRunView.From).ToList();
        return new TestRunPage(items, page.Count > limit ? items[^1].Id : null);
    }

    public async Task<TestRunEventPage> ReadEventsAsync(string id, long after, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage * 10);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.Events.AsNoTracking().Where(e => e.RunId == id && e.Sequence > after)
            .OrderBy(e => e.Sequence).Take(limit + 1).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(ToEvent).ToList();
        return new TestRunEventPage(items, rows.Count > limit ? items[^1].Sequence : null);
    }

    /// <summary>The last sequence of a run's log, 0 when it has none.</summary>
    public async Task<long> LastSequenceAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Events.Where(e => e.RunId == id).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
    }

    /// <summary>One test over its last <paramref name="limit"/> runs, in one repository or all.</summary>
    public async Task<TestCaseHistory> CaseHistoryAsync(string caseId, string? repository, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = context.Results.AsNoTracking().Where(r => r.CaseId == caseId);
        if (!string.IsNullOrEmpty(repository))
        {
            rows = rows.Where(r => r.Repository == repository);
        }

        var results = await rows.OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        var runIds = results.Select(r => r.RunId).Distinct().ToList();
        var commits = await context.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id))
            .Select(r => new { r.Id, r.CommitSha }).ToDictionaryAsync(r => r.Id, r => r.CommitSha, StringComparer.Ordinal, cancellationToken);
        var entries = results.Select(r => new TestCaseHistoryEntry(r.RunId, r.Repository, r.RunAt, r.Outcome,
            r.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, r.Attempts, r.FailureMessage, commits.GetValueOrDefault(r.RunId))).ToList();

        int Count(TestOutcome outcome) => entries.Count(e => e.Outcome == outcome);
        var decided = entries.Count(e => e.Outcome != TestOutcome.Skipped);
        var passes = Count(TestOutcome.Passed) + Count(TestOutcome.Flaky);
        var durations = entries.Where(e => e.Duration is not null).Select(e => e.Duration!.Value).ToList();
        return new TestCaseHistory(caseId, string.IsNullOrEmpty(repository) ? null : repository, entries.Count,
            Count(TestOutcome.Passed), Count(TestOutcome.Failed), Count(TestOutcome.Errored), Count(TestOutcome.Skipped), Count(TestOutcome.Flaky),
            decided == 0 ? null : Math.Round((double)passes / decided, 4),
            durations.Count == 0 ? null : TimeSpan.FromTicks((long)durations.Average(d => d.Ticks)),
            entries);
    }

    /// <summary>The tests with the longest average duration (skipped runs left out) over the last <paramref name="runs"/> finished runs.</summary>
    public async Task<IReadOnlyList<TestTiming>> SlowestAsync(string? repository, string? framework, int limit, int runs, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var runIds = await RecentRunIdsAsync(context, repository, framework, runs, cancellationToken);
        // A skipped test's duration says nothing about the test.
        var rows = ResultsOf(context, runIds, framework).Where(r => r.DurationMs != null && r.Outcome != TestOutcome.Skipped);
        var slowest = await rows
            .GroupBy(r => new { r.CaseId, r.Repository })
            .Select(g => new { g.Key.CaseId, g.Key.Repository, Runs = g.Count(), Average = g.Average(r => r.DurationMs!.Value), Max = g.Max(r => r.DurationMs!.Value) })
            .OrderByDescending(g => g.Average).ThenBy(g => g.CaseId).Take(limit)
            .ToListAsync(cancellationToken);
        var latest = await LatestRowsAsync(context, runIds, slowest.Select(s => s.CaseId).ToList(), framework, cancellationToken);
        return slowest.Select(s =>
        {
            var last = latest.GetValueOrDefault((s.CaseId, s.Repository));
            return new TestTiming(s.CaseId, s.Repository, last?.Framework ?? string.Empty, last?.Name ?? s.CaseId, last?.File, s.Runs,
                TimeSpan.FromMilliseconds(s.Average), TimeSpan.FromMilliseconds(s.Max),
                last?.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
        }).ToList();
    }

    /// <summary>The tests that failed (or errored) most often over the last <paramref name="runs"/> finished runs; flaky runs are counted apart.</summary>
    public async Task<IReadOnlyList<TestFailureCount>> MostFailingAsync(string? repository, string? framework, int limit, int runs, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var runIds = await RecentRunIdsAsync(context, repository, framework, runs, cancellationToken);
        var counts = await ResultsOf(context, runIds, framework)
            .GroupBy(r => new { r.CaseId, r.Repository })
            .Select(g => new
            {
                g.Key.CaseId,
                g.Key.Repository,
                Runs = g.Count(),
                Failures = g.Sum(r => r.Outcome == TestOutcome.Failed || r.Outcome == TestOutcome.Errored ? 1 : 0),
                Flaky = g.Sum(r => r.Outcome == TestOutcome.Flaky ? 1 : 0),
            })
            .Where(g => g.Failures > 0 || g.Flaky > 0)
            .OrderByDescending(g => g.Failures).ThenByDescending(g => g.Flaky).ThenBy(g => g.CaseId).Take(limit)
            .ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.CaseId).ToList();
        var failures = await ResultsOf(context, runIds, framework)
            .Where(r => ids.Contains(r.CaseId) && (r.Outcome == TestOutcome.Failed || r.Outcome == TestOutcome.Errored))
            .ToListAsync(cancellationToken);
        var lastFailure = failures.GroupBy(r => (r.CaseId, r.Repository))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).First());
        var latest = await LatestRowsAsync(context, runIds, ids, framework, cancellationToken);
        return counts.Select(c =>
        {
            var last = latest.GetValueOrDefault((c.CaseId, c.Repository));
            var failed = lastFailure.GetValueOrDefault((c.CaseId, c.Repository));
            return new TestFailureCount(c.CaseId, c.Repository, last?.Framework ?? string.Empty, last?.Name ?? c.CaseId, last?.File,
                c.Runs, c.Failures, c.Flaky, failed?.RunAt, failed?.FailureMessage);
        }).ToList();
    }

    /// <summary>
    /// Runs a previous process left queued or running (it stopped or crashed) end as errored, with a last event,
    /// so history never shows a run as in progress that nobody runs.
    /// </summary>
    public Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken) =>
        RecoverInterruptedAsync(null, "The process that ran this test run stopped before it finished.", cancellationToken);

    /// <summary>
    /// The same for the named runs only, when still queued or running (a CLI recovering the runs of its own processes
    /// that were killed, while a server on the same data directory may be running others).
    /// </summary>
    public async Task<int> RecoverInterruptedAsync(IReadOnlyCollection<string>? ids, string error, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = context.Runs.Where(r => r.Status == TestRunStatus.Queued || r.Status == TestRunStatus.Running);
        var stale = await (ids is null ? unfinished : unfinished.Where(r => ids.Contains(r.Id))).ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var run in stale)
        {
            run.Status = TestRunStatus.Errored;
            run.Error = error;
            run.FinishedAt = now;
            var last = await context.Events.Where(e => e.RunId == run.Id).MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
            context.Events.Add(new TestRunEventEntity
            {
                RunId = run.Id,
                Sequence = last + 1,
                Type = TestRunEventTypes.Finished,
                At = now,
                Data = JsonSerializer.Serialize(TestRunView.From(run), LightningJson.Options),
            });
        }

        await context.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    public static LightningException NotFound(string id) => new(ErrorKind.NotFound, "testing.run_not_found", $"No test run with id '{id}'.");

    static void AddResults(
        TestingDbContext context, TestRunEntity run, TestRunProjectResult project, TestSuite suite, string suitePath, DateTimeOffset runAt,
        IReadOnlySet<string>? quarantined)
    {
        foreach (var testCase in suite.Cases)
        {
            var failure = testCase.Failure ?? testCase.Attempts.LastOrDefault(a => a.Failure is not null)?.Failure;
            context.Results.Add(new TestResultEntity
            {
                RunId = run.Id,
                Repository = run.Repository,
                Project = TestingDbContext.Fit(project.Root, TestingDbContext.MaxRepository)!,
                Framework = project.Framework,
                CaseId = TestingDbContext.Fit(testCase.Id, TestingDbContext.MaxName)!,
                Suite = TestingDbContext.Fit(suitePath, TestingDbContext.MaxName)!,
                Name = TestingDbContext.Fit(testCase.Name, TestingDbContext.MaxName)!,
                ClassName = TestingDbContext.Fit(testCase.ClassName, TestingDbContext.MaxName),
                File = TestingDbContext.Fit(testCase.File, TestingDbContext.MaxRepository),
                Line = testCase.Line,
                Outcome = testCase.Outcome,
                DurationMs = testCase.Duration?.TotalMilliseconds,
                Attempts = Math.Max(1, testCase.Attempts.Count),
                FailureMessage = testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored or TestOutcome.Flaky
                    ? TestingDbContext.Fit(failure?.Message, TestingDbContext.MaxMessage)
                    : TestingDbContext.Fit(testCase.Skip?.Message, TestingDbContext.MaxMessage),
                FailureType = TestingDbContext.Fit(failure?.Type, 255),
                RunAt = runAt,
                Quarantined = quarantined?.Contains(testCase.Id) ?? false,
            });
        }

        foreach (var nested in suite.Suites)
        {
            AddResults(context, run, project, nested, suitePath + " › " + nested.Name, runAt, quarantined);
        }
    }

    static async Task<List<string>> RecentRunIdsAsync(TestingDbContext context, string? repository, string? framework, int runs, CancellationToken cancellationToken)
    {
        var query = context.Runs.AsNoTracking().Where(r => r.Status != TestRunStatus.Queued && r.Status != TestRunStatus.Running);
        if (!string.IsNullOrEmpty(repository))
        {
            query = query.Where(r => r.Repository == repository);
        }

        if (!string.IsNullOrEmpty(framework))
        {
            query = query.Where(r => context.Projects.Any(p => p.RunId == r.Id && p.Framework == framework));
        }

        return await query.OrderByDescending(r => r.Id).Take(Math.Clamp(runs, 1, 1000)).Select(r => r.Id).ToListAsync(cancellationToken);
    }

    static IQueryable<TestResultEntity> ResultsOf(TestingDbContext context, List<string> runIds, string? framework)
    {
        var rows = context.Results.AsNoTracking().Where(r => runIds.Contains(r.RunId));
        return string.IsNullOrEmpty(framework) ? rows : rows.Where(r => r.Framework == framework);
    }

    /// <summary>The newest row of each of the cases, for their name, file and framework.</summary>
    static async Task<Dictionary<(string, string), TestResultEntity>> LatestRowsAsync(
        TestingDbContext context, List<string> runIds, List<string> caseIds, string? framework, CancellationToken cancellationToken)
    {
        var rows = await ResultsOf(context, runIds, framework).Where(r => caseIds.Contains(r.CaseId)).ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.CaseId, r.Repository))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).First());
    }

    static TestRunEvent ToEvent(TestRunEventEntity entity)
    {
        JsonElement? data = null;
        if (entity.Data is { } text)
        {
            using var document = JsonDocument.Parse(text);
            data = document.RootElement.Clone();
        }

        return new TestRunEvent(entity.RunId, entity.Sequence, entity.Type, entity.At, entity.Project, data);
    }
}
