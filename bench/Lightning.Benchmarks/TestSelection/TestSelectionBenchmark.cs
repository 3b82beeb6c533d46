using System.Diagnostics;
using Lightning.Core.Storage;
using Lightning.Testing;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Benchmarks.TestSelection;

/// <summary>
/// Benchmark 1: a generated history of <see cref="Commits"/> commits on a pytest project, about one commit in eight injecting
/// a fault (a constant changed: its test and the tests of functions chained to it fail) that the next commit reverts;
/// the others rewrite a function harmlessly (a comment, or an equivalent expression). On every commit (--quick: three
/// fault commits and three others) the whole suite runs (the truth and the comparator), then safe and fast selections of
/// base = parent, head = commit run through the same runner. The coverage map is built once, on the first commit, and
/// carried over the history by line translation.
/// </summary>
internal sealed class TestSelectionBenchmark(bool quick, TextWriter output)
{
    public const int Commits = 200;

    public async Task<TestSelectionResult> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("lightning-bench-select-").FullName;
        try
        {
            var fixture = PythonFixture.Create(Path.Combine(root, "repo"), modules: 25, functions: 8, testWorkMs: 20);
            var faults = Generate(fixture, new Random(20261124));
            using var services = Services(Path.Combine(root, "data"));
            var selection = services.GetRequiredService<TestSelectionService>();
            var runner = services.GetRequiredService<ITestRunner>();
            var hashes = PythonFixture.Git(fixture.Root, "rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            PythonFixture.Git(fixture.Root, "checkout", "-q", "--detach", hashes[0]);
            var mapWatch = Stopwatch.StartNew();
            await selection.BuildMapsAsync(fixture.Root, TimeSpan.FromMinutes(10), cancellationToken);
            var mapMs = mapWatch.Elapsed.TotalMilliseconds;

            var faultCommits = faults.Where(index => index < hashes.Length).ToList();
            // The full run evaluates every commit of the history; --quick three fault commits and three others.
            var sampled = quick
                ? [.. faultCommits.Take(3), .. Enumerable.Range(1, hashes.Length - 1).Where(index => !faults.Contains(index)).Take(3)]
                : Enumerable.Range(1, hashes.Length - 1).ToList();
            sampled.Sort();
            var rows = new List<CommitResult>();
            foreach (var index in sampled)
            {
                PythonFixture.Git(fixture.Root, "checkout", "-q", "--detach", hashes[index]);
                var all = await RunAsync(runner, fixture.Root, null, cancellationToken);
                var row = new CommitResult(index, all.Failed.Count, all.Total, all.Ms);
                foreach (var mode in new[] { SelectionMode.Safe, SelectionMode.Fast })
                {
                    var watch = Stopwatch.StartNew();
                    var selected = await selection.SelectAsync(new SelectionRequest(fixture.Root) { Base = hashes[index - 1], Head = hashes[index], Mode = mode }, cancellationToken);
                    var selectMs = watch.Elapsed.TotalMilliseconds;
                    var run = selected.RunAll ? all with { Ms = all.Ms }
                        : selected.Tests.Count == 0 ? new RunOutcome(new HashSet<string>(StringComparer.Ordinal), 0, 0)
                        : await RunAsync(runner, fixture.Root, selected.Tests.Select(test => test.Id).ToList(), cancellationToken);
                    var missed = all.Failed.Except(run.Failed, StringComparer.Ordinal).Count();
                    var outcome = new ModeResult(selected.RunAll, run.Total, selectMs, run.Ms, missed);
                    row = mode == SelectionMode.Safe ? row with { Safe = outcome } : row with { Fast = outcome };
                }

                rows.Add(row);
                output.WriteLine($"  commit {index,3}: {(faults.Contains(index) ? "fault " : "benign")} failing {row.Failures,2}; all {row.AllTotal} tests {row.AllMs,6:0} ms; "
                    + $"safe {row.Safe!.Tests,3} tests {row.Safe.SelectMs + row.Safe.RunMs,6:0} ms missed {row.Safe.Missed}{(row.Safe.RunAll ? " (all)" : "")}; "
                    + $"fast {row.Fast!.Tests,3} tests {row.Fast.SelectMs + row.Fast.RunMs,6:0} ms missed {row.Fast.Missed}");
            }

            return new TestSelectionResult(hashes.Length, fixture.Tests, faultCommits.Count, mapMs, rows);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    static async Task<RunOutcome> RunAsync(ITestRunner runner, string directory, IReadOnlyList<string>? tests, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var results = await runner.RunAsync(new TestRunRequest { Repository = directory, Tests = tests ?? [] }, null, cancellationToken);
        var ms = watch.Elapsed.TotalMilliseconds;
        var cases = results.SelectMany(result => result.Run.EnumerateCases()).ToList();
        if (results.FirstOrDefault(result => result.Error is not null) is { } failed)
        {
            throw new InvalidOperationException($"the test run failed: {failed.Error}");
        }

        return new RunOutcome(cases.Where(c => c.Outcome is TestOutcome.Failed or TestOutcome.Errored).Select(c => c.Id).ToHashSet(StringComparer.Ordinal), cases.Count, ms);
    }

    /// <summary>Writes the history; returns the indexes (0 = the initial commit) of the fault commits.</summary>
    HashSet<int> Generate(PythonFixture fixture, Random random)
    {
        var faults = new HashSet<int>();
        var index = 1;
        while (index < Commits)
        {
            var module = random.Next(fixture.Modules);
            var function = random.Next(fixture.Functions);
            if (random.NextDouble() < 0.18 && index + 1 < Commits)
            {
                fixture.Constants[module, function]++;
                fixture.WriteModule(module);
                Commit(fixture, $"fault in m{module}.f{function}");
                faults.Add(index++);
                fixture.Constants[module, function]--;
                fixture.WriteModule(module);
                Commit(fixture, $"fix m{module}.f{function}");
                index++;
            }
            else
            {
                fixture.Variants[module, function]++;
                fixture.WriteModule(module);
                Commit(fixture, $"rewrite m{module}.f{function}");
                index++;
            }
        }

        output.WriteLine($"  generated {index} commits ({faults.Count} with a fault, each reverted by the next commit) on {fixture.Tests} tests in {fixture.Modules} files");
        return faults;
    }

    static void Commit(PythonFixture fixture, string message)
    {
        PythonFixture.Git(fixture.Root, "add", "-A");
        PythonFixture.Git(fixture.Root, "commit", "-q", "-m", message);
    }

    internal static ServiceProvider Services(string data)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<LightningOptions>().Configure(options => options.DataDirectory = data);
        services.AddLightningTesting();
        return services.BuildServiceProvider();
    }

    sealed record RunOutcome(IReadOnlySet<string> Failed, int Total, double Ms);
}

internal sealed record ModeResult(bool RunAll, int Tests, double SelectMs, double RunMs, int Missed);

internal sealed record CommitResult(int Commit, int Failures, int AllTotal, double AllMs)
{
    public ModeResult? Safe { get; init; }

    public ModeResult? Fast { get; init; }
}

internal sealed record TestSelectionResult(int Commits, int Tests, int FaultCommits, double MapBuildMs, IReadOnlyList<CommitResult> Rows);
