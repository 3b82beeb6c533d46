using Lightning.Core.Errors;
using Lightning.Testing.Coverage;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;

namespace Lightning.Testing.Optimization;

/// <summary>
/// The suite optimizer: one report combining flaky tests and quarantine, the retry policy, the smart order, duplicate
/// tests, dependencies between tests, balanced shards with the expected speedup, and the performance profile.
/// </summary>
public sealed class SuiteOptimizer(
    FlakyHistory history, FlakyTestStore flaky, TestQuarantine quarantine, RetryPolicy retries, FlakyDetector detector,
    Selection.Coverage.CoverageMapStore? maps = null)
{
    public const int MaxShards = 64;

    /// <summary>The smart order of a repository's tests (recently failed, failure-prone, then fastest).</summary>
    public async Task<IReadOnlyList<OrderedTest>> OrderAsync(string repository, CancellationToken cancellationToken)
    {
        var tests = await history.ReadAsync(repository, detector.Options.Window, failingOnly: false, null, cancellationToken);
        return SmartOrder.Order(tests);
    }

    /// <param name="directory">The repository on this machine, for duplicate and shared-state analysis of test sources; null skips them.</param>
    /// <param name="coverage">
    /// A per-test coverage report (coverage.py JSON with contexts), for same-coverage duplicates; null reads the newest
    /// per-test coverage map of each project of <paramref name="directory"/> (built by selection) instead.
    /// </param>
    public async Task<SuiteReport> ReportAsync(string repository, string? directory, int shards, CoverageReport? coverage, CancellationToken cancellationToken)
    {
        if (shards is < 1 or > MaxShards)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["shards"] = [$"shards must be between 1 and {MaxShards}."],
            });
        }

        var window = detector.Options.Window;
        var tests = await history.ReadAsync(repository, window, failingOnly: false, null, cancellationToken);
        var runs = tests.SelectMany(t => t.Observations.Select(o => o.RunId)).Distinct(StringComparer.Ordinal).Count();
        var notes = new List<string>();
        if (tests.Count == 0)
        {
            notes.Add($"No recorded run of '{repository}': run its tests (or import reports) first.");
        }

        var verdicts = await flaky.ListAsync(repository, FlakyStatus.Flaky, 1000, cancellationToken);
        var sources = directory is not null && Directory.Exists(directory) ? TestSource.Scan(directory) : [];
        if (directory is null)
        {
            notes.Add("Test sources were not read (the repository is not on this machine): no body duplicates or shared-state dependencies.");
        }

        var duplicates = DuplicateTests.FromSources(sources).ToList();
        if (coverage is not null)
        {
            duplicates.AddRange(DuplicateTests.FromCoverage(coverage));
        }
        else if (directory is not null && maps is not null && await maps.NewestPerProjectAsync(directory, cancellationToken) is { Count: > 0 } built)
        {
            duplicates.AddRange(built.SelectMany(DuplicateTests.FromMap));
        }
        else
        {
            notes.Add("No per-test coverage map of this repository yet (build one with 'lightning test select --build-map' or POST /select/maps): duplicates by covered lines were not looked for.");
        }

        var order = await flaky.DependenciesAsync(repository, cancellationToken);
        return new SuiteReport(
            repository, runs, tests.Count, verdicts,
            await quarantine.ListAsync(repository, cancellationToken),
            await retries.DecideAsync(repository, null, cancellationToken),
            SmartOrder.Order(tests),
            duplicates,
            TestDependencyAnalyzer.Analyze(sources, order),
            ParallelPlan.Of(tests, shards),
            PerformanceProfile.Of(tests),
            notes);
    }
}
