using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Flaky;

/// <summary>
/// Finds flaky tests: history first (<see cref="FlakyAnalyzer"/>: retries, flips on the same commit, flips across
/// changes that do not touch the test's files), then targeted reruns of just the failures history leaves unexplained,
/// then, when asked, the order check (<see cref="OrderChecker"/>). Verdicts are stored and listed with their evidence.
/// </summary>
public sealed class FlakyDetector(
    FlakyHistory history,
    FlakyTestStore store,
    TestQuarantine quarantine,
    GitChangeSets changes,
    ITestRunner runner,
    IServiceProvider services,
    TimeProvider timeProvider,
    IOptions<FlakyOptions> options,
    ILogger<FlakyDetector> logger)
{
    /// <summary>Reruns a test alone and says how it ended (null when it did not run: a build failure, a missing tool).</summary>
    public delegate Task<TestOutcome?> Rerun(TestHistoryWindow test, CancellationToken cancellationToken);

    public FlakyOptions Options => options.Value;

    /// <summary>
    /// The policy benchmark 2 measures: a verdict history left inconclusive with a failing latest run is rerun up to
    /// <paramref name="reruns"/> times, stopping at the first pass (flaky); failing every time makes it broken.
    /// Every other verdict costs no run.
    /// </summary>
    public static async Task<FlakyVerdict> SettleAsync(
        FlakyVerdict verdict, TestHistoryWindow test, int reruns, Rerun? rerun, double threshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(test);
        var latestFailed = test.Observations.LastOrDefault(o => o.Decided) is { Failed: true };
        if (verdict.Status != FlakyStatus.Inconclusive || !latestFailed || reruns <= 0 || rerun is null)
        {
            return verdict;
        }

        var outcomes = new List<string>();
        for (var attempt = 0; attempt < reruns; attempt++)
        {
            var outcome = await rerun(test, cancellationToken);
            if (outcome is null)
            {
                break;
            }

            outcomes.Add(outcome.Value.ToString().ToLowerInvariant());
            if (outcome is TestOutcome.Passed or TestOutcome.Flaky)
            {
                var evidence = new FlakyEvidence(FlakySignal.PassedOnRerun, FlakyAnalyzer.RerunWeight,
                    $"It failed in run {test.Observations.Last(o => o.Decided).RunId}, then passed when run again alone ({outcomes.Count} rerun(s)).")
                {
                    Runs = [test.Observations.Last(o => o.Decided).RunId], Attempts = outcomes,
                };
                var all = verdict.Evidence.Append(evidence).ToList();
                var score = FlakyAnalyzer.Score(all);
                var kind = FlakyAnalyzer.KindOf(test.Observations, all);
                return verdict with
                {
                    Status = score >= threshold ? FlakyStatus.Flaky : FlakyStatus.Inconclusive,
                    Score = score, Kind = kind, Evidence = all, Reruns = outcomes.Count,
                    Summary = $"Flaky ({FlakyAnalyzer.KindName(kind)}): failed, then passed on rerun {outcomes.Count}.",
                };
            }
        }

        return outcomes.Count == 0
            ? verdict with { Summary = verdict.Summary + " It could not be rerun." }
            : verdict with
            {
                Status = outcomes.Count == reruns ? FlakyStatus.Broken : FlakyStatus.Inconclusive,
                Reruns = outcomes.Count,
                Summary = $"Failed in its run and in {outcomes.Count} rerun(s) on the same code: a real failure.",
            };
    }

    /// <summary>History analysis of the given tests (those that failed when null) of a repository, stored; no rerun.</summary>
    public async Task<IReadOnlyList<FlakyVerdict>> AnalyzeAsync(
        string repository, TestTarget? target, IReadOnlyCollection<string>? ids, int reruns, CancellationToken cancellationToken)
    {
        var (verdicts, _, _) = await AnalyzeCoreAsync(repository, target, ids, reruns, cancellationToken);
        await store.SaveAsync(verdicts, cancellationToken);
        return verdicts;
    }

    /// <summary>On-demand detection: history, targeted reruns, and the order check when asked. Stores every verdict.</summary>
    public async Task<FlakyDetectionReport> DetectAsync(FlakyDetectRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        if (request.Reruns is < 0 or > 20)
        {
            validator.Add("reruns", "reruns must be between 0 and 20.");
        }

        if (request.Shuffles is < 0 or > 20)
        {
            validator.Add("shuffles", "shuffles must be between 0 and 20.");
        }

        validator.ThrowIfInvalid();
        var repository = request.Target.Repository;
        var (verdicts, failures, reruns) = await AnalyzeCoreAsync(repository, request.Target, null, request.Reruns ?? Options.DetectReruns, cancellationToken);
        var notes = new List<string>();
        var dependencies = new List<OrderDependency>();
        var orderRuns = 0;
        if (request.OrderCheck)
        {
            // The project asked for, else every project of the history: each that can be reordered is checked, the others
            // are named with the reason.
            var projects = (await history.ReadAsync(repository, Options.Window, false, null, cancellationToken))
                .GroupBy(t => t.Project, StringComparer.Ordinal).Select(g => (Project: g.Key, Framework: g.First().Framework))
                .Where(p => request.Project is null || p.Project == request.Project).OrderBy(p => p.Project, StringComparer.Ordinal).ToList();
            if (projects.Count == 0)
            {
                notes.Add($"Order check: {(request.Project is null ? "no project" : $"project '{request.Project}' has no run")} in this repository's history to reorder; run the suite first.");
            }

            foreach (var (project, framework) in projects)
            {
                var checker = new OrderChecker(runner, TimeSpan.FromSeconds(Options.RerunTimeoutSeconds));
                var order = OrderChecker.CannotReorder(framework) is null ? await history.LatestOrderedTestsAsync(repository, project, cancellationToken) : [];
                var result = await checker.CheckAsync(request.Target, project, framework, order, request.Shuffles ?? Options.OrderShuffles, request.Seed, cancellationToken);
                orderRuns += result.Runs;
                notes.AddRange(projects.Count == 1 ? result.Notes : result.Notes.Select(note => $"[{project}] {note}"));
                foreach (var found in result.Dependencies)
                {
                    var dependency = new OrderDependency(repository, found.Victim, found.Polluter, project, found.Evidence, timeProvider.GetUtcNow());
                    await store.SaveDependencyAsync(dependency, cancellationToken);
                    dependencies.Add(dependency);
                    Log.OrderDependencyFound(logger, found.Victim, repository, found.Polluter);
                }

                verdicts = [.. MergeOrderVerdicts(repository, project, verdicts, result.Dependencies)];
            }
        }

        await store.SaveAsync(verdicts, cancellationToken);
        var active = await quarantine.ActiveIdsAsync(repository, cancellationToken);
        var shown = verdicts.Select(v => v with { Quarantined = active.Contains(v.Id) }).OrderBy(v => v.Status).ThenByDescending(v => v.Score).ToList();
        return new FlakyDetectionReport(repository, verdicts.Count, failures, reruns, orderRuns, shown, dependencies, notes);
    }

    async Task<(List<FlakyVerdict> Verdicts, int Failures, int Reruns)> AnalyzeCoreAsync(
        string repository, TestTarget? target, IReadOnlyCollection<string>? ids, int reruns, CancellationToken cancellationToken)
    {
        var tests = await history.ReadAsync(repository, Options.Window, failingOnly: ids is null, ids, cancellationToken);
        var known = await store.DependenciesAsync(repository, cancellationToken);
        // Reruns are not runs of history: what they showed is carried from the stored verdict while its run is in the window.
        var stored = (await store.ListAsync(repository, null, 1000, cancellationToken)).ToDictionary(v => v.Id, StringComparer.Ordinal);
        var directory = target?.FullPath;
        var verdicts = new List<FlakyVerdict>();
        var rerunsMade = 0;
        var failures = 0;
        foreach (var test in tests)
        {
            failures += test.Observations.Count(o => o.Failed || o.Outcome == TestOutcome.Flaky);
            var files = directory is null ? null : TestDependencyFiles.Find(directory, test.Project, test.File, test.ClassName, test.Id);
            var runs = test.Observations.Select(o => o.RunId).ToHashSet(StringComparer.Ordinal);
            var extra = known.Where(d => d.Id == test.Id).Select(d => OrderEvidence(d.After, d.Evidence))
                .Concat(stored.GetValueOrDefault(test.Id)?.Evidence.Where(e => e.Signal == FlakySignal.PassedOnRerun && e.Runs.Any(runs.Contains)) ?? [])
                .ToList();
            var verdict = await FlakyAnalyzer.AnalyzeAsync(repository, test.Id, test.Observations, changes.For(directory, files), Options.Threshold, cancellationToken, extra);
            verdict = verdict with { Project = test.Project, Framework = test.Framework, File = test.File };
            if (verdict.Status == FlakyStatus.Inconclusive && stored.GetValueOrDefault(test.Id) is { Status: FlakyStatus.Broken } broken
                && test.Observations.LastOrDefault(o => o.Decided) is { Failed: true })
            {
                // Judged broken (by a change, or by failing every rerun) and it has not passed since: still broken, no rerun needed.
                verdict = verdict with { Status = FlakyStatus.Broken, Summary = broken.Summary };
            }

            var settled = await SettleAsync(verdict, test, target is null ? 0 : reruns, target is null ? null : (t, token) => RerunAsync(target, t, token), Options.Threshold, cancellationToken);
            rerunsMade += settled.Reruns;
            if (settled.Status == FlakyStatus.Flaky)
            {
                Log.FlakyFound(logger, settled.Id, repository, FlakyAnalyzer.KindName(settled.Kind), settled.Score);
            }

            verdicts.Add(settled);
        }

        return (verdicts, failures, rerunsMade);
    }

    async Task<TestOutcome?> RerunAsync(TestTarget target, TestHistoryWindow test, CancellationToken cancellationToken)
    {
        Log.Rerunning(logger, test.Id, target.Repository, 1);
        try
        {
            // An imported report may name no framework the runner knows: then every project of the repository is asked.
            var framework = KnownFramework(test.Framework);
            var results = await runner.RunAsync(new TestRunRequest
            {
                Repository = target.Path,
                Workspace = target.Workspace,
                Project = framework is null ? null : test.Project,
                Framework = framework,
                Tests = [test.Id],
                Timeout = TimeSpan.FromSeconds(Options.RerunTimeoutSeconds),
            }, null, cancellationToken);
            return results.SelectMany(r => r.Run.EnumerateCases()).FirstOrDefault(c => c.Id == test.Id)?.Outcome;
        }
        catch (LightningException ex)
        {
            Log.RerunFailed(logger, ex, test.Id, target.Repository);
            return null;
        }
    }

    /// <summary>Where a recorded run's repository is on this machine: a registered repository, or a directory a local run named.</summary>
    public async Task<TestTarget?> LocateAsync(string repository, CancellationToken cancellationToken)
    {
        if (Path.IsPathFullyQualified(repository))
        {
            return Directory.Exists(repository) ? new TestTarget(new Workspace(repository), ".", repository) : null;
        }

        if (services.GetService<TestTargetResolver>() is { } resolver)
        {
            try
            {
                var target = await resolver.ResolveAsync(repository, null, mayUsePaths: true, cancellationToken);
                return target.Repository == repository ? target : null;
            }
            catch (LightningException)
            {
                return null;
            }
        }

        return null;
    }

    static string? KnownFramework(string name)
    {
        try
        {
            return TestFrameworks.NameOf(TestFrameworks.ParseSupported(name));
        }
        catch (LightningException)
        {
            return null;
        }
    }

    static FlakyEvidence OrderEvidence(string after, string detail) =>
        new(FlakySignal.FailsAfterTest, FlakyAnalyzer.OrderWeight, $"It fails when it runs after {after}: {detail}");

    static List<FlakyVerdict> MergeOrderVerdicts(string repository, string project, List<FlakyVerdict> verdicts, IReadOnlyList<OrderCheckFinding> found)
    {
        var byId = verdicts.ToDictionary(v => v.Id, StringComparer.Ordinal);
        foreach (var group in found.GroupBy(f => f.Victim, StringComparer.Ordinal))
        {
            var evidence = group.Select(f => OrderEvidence(f.Polluter, f.Evidence)).ToList();
            var existing = byId.GetValueOrDefault(group.Key);
            var all = (existing?.Evidence ?? []).Where(e => e.Signal != FlakySignal.FailsAfterTest).Concat(evidence).ToList();
            var score = FlakyAnalyzer.Score(all);
            byId[group.Key] = (existing ?? new FlakyVerdict(repository, group.Key, FlakyStatus.Flaky, score, FlakyKind.OrderDependent, 0, 0, all) { Project = project, Framework = "pytest" })
                with
            {
                Status = FlakyStatus.Flaky, Score = score, Kind = FlakyKind.OrderDependent, Evidence = all,
                Summary = $"Flaky (order-dependent): fails after {string.Join(", ", group.Select(f => f.Polluter))}.",
            };
        }

        return [.. byId.Values];
    }
}
