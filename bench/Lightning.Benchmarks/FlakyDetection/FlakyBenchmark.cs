using System.Diagnostics;
using System.Text;
using Lightning.Core.Storage;
using Lightning.Core.Workspaces;
using Lightning.Testing;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Benchmarks.FlakyDetection;

internal sealed record FlakyResult(
    int Tests, int Runs, int InjectedFlaky, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives,
    int Failures, int Reruns, double HistorySeconds, double DetectSeconds, IReadOnlyDictionary<string, string> KindsFound,
    OrderCheckOutcome Order)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => InjectedFlaky == 0 ? 1 : (double)TruePositives / InjectedFlaky;

    public double RerunsPerFailure => Failures == 0 ? 0 : (double)Reruns / Failures;
}

/// <summary>What the order check ran and found, against the real pair.</summary>
/// <param name="Found">Each dependency found, "victim after polluter".</param>
/// <param name="PairFound">The real pair was found, with the right polluter.</param>
/// <param name="Wrong">Dependencies found that are not the real pair.</param>
/// <param name="Random">Suspects (failed in one order, passed in another) that passed when their failing order ran again.</param>
/// <param name="Unresolved">Suspects that failed alone too, or whose failure no single earlier test explains.</param>
internal sealed record OrderCheckOutcome(int Runs, IReadOnlyList<string> Found, bool PairFound, int Wrong, IReadOnlyList<string> Notes, int Random, int Unresolved);

/// <summary>
/// Benchmark 2: a generated suite in a real git repository, its history recorded through the platform's own import
/// (one JUnit report per commit, the flaky observer weighing each), then on-demand detection whose reruns run the
/// real pytest tests, and the order check, which runs the real suite reversed and must name the polluter of the one
/// real order-dependent pair; scored against the injected ground truth.
/// </summary>
internal sealed class FlakyBenchmark(int runs, int seed, TextWriter output)
{
    public async Task<FlakyResult> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"lightning-bench-flaky-{Guid.NewGuid():N}");
        try
        {
            var suite = new FlakySuite(Path.Combine(root, "repo"), runs, seed);
            suite.Create(seed);
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Lightning:Testing:Flaky:Window"] = runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Build());
            services.AddOptions<LightningOptions>().Configure(o => o.DataDirectory = Path.Combine(root, "data"));
            services.AddLightningTesting();
            services.Configure<FlakyOptions>(o => o.Window = runs);
            await using var provider = services.BuildServiceProvider();
            await DatabaseSetup.MigrateAsync(provider.GetRequiredService<IDbContextFactory<TestingDbContext>>(), cancellationToken);
            var history = provider.GetRequiredService<TestRunService>();

            var random = new Random(seed + 2);
            var started = Stopwatch.GetTimestamp();
            for (var run = 0; run < runs; run++)
            {
                await using var report = new MemoryStream(Encoding.UTF8.GetBytes(suite.Report(run, random)));
                await history.ImportAsync(report, "results.xml", new TestRunImport(suite.Root) { CommitSha = suite.Commits[run], RequestedBy = "bench", Framework = "pytest" }, cancellationToken);
            }

            var historySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            output.WriteLine($"   history: {runs} runs of {suite.Tests.Count} tests imported and weighed in {historySeconds:0.0} s");
            started = Stopwatch.GetTimestamp();
            var detection = await provider.GetRequiredService<FlakyDetector>().DetectAsync(
                new FlakyDetectRequest(new TestTarget(new Workspace(suite.Root), ".", suite.Root)) { OrderCheck = true, Shuffles = 0 }, cancellationToken);
            var detectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

            var flagged = detection.Verdicts.Where(v => v.Status == FlakyStatus.Flaky).ToDictionary(v => v.Id, StringComparer.Ordinal);
            bool IsFlaky(InjectedTest t) => t.Kind is InjectedKind.Random or InjectedKind.TimeDependent or InjectedKind.OrderDependent;
            var tp = suite.Tests.Count(t => IsFlaky(t) && flagged.ContainsKey(t.Id));
            var fp = suite.Tests.Count(t => !IsFlaky(t) && flagged.ContainsKey(t.Id));
            var fn = suite.Tests.Count(t => IsFlaky(t) && !flagged.ContainsKey(t.Id));
            var tn = suite.Tests.Count(t => !IsFlaky(t) && !flagged.ContainsKey(t.Id));
            foreach (var missed in suite.Tests.Where(t => (IsFlaky(t) && !flagged.ContainsKey(t.Id)) || (!IsFlaky(t) && flagged.ContainsKey(t.Id))))
            {
                var verdict = detection.Verdicts.FirstOrDefault(v => v.Id == missed.Id);
                output.WriteLine($"   {(IsFlaky(missed) ? "missed" : "false alarm")}: {missed.Id} ({missed.Kind}): {verdict?.Summary ?? "no verdict"}");
            }

            output.WriteLine($"   reruns: {detection.Reruns} for {detection.Verdicts.Count(v => v.Reruns > 0)} test(s) whose latest failure history could not explain");
            var kinds = suite.Tests.Where(t => flagged.ContainsKey(t.Id)).GroupBy(t => t.Kind)
                .ToDictionary(g => g.Key.ToString(), g => string.Join(", ", g.GroupBy(t => FlakyAnalyzer.KindName(flagged[t.Id].Kind)).Select(k => $"{k.Count()} {k.Key}")));
            var found = detection.OrderDependencies.Select(d => $"{d.Id} after {d.After}").ToList();
            var pairFound = detection.OrderDependencies.Any(d => d.Id == suite.Victim.Id && d.After == suite.Polluter.Id);
            var order = new OrderCheckOutcome(detection.OrderRuns, found, pairFound, detection.OrderDependencies.Count(d => d.Id != suite.Victim.Id || d.After != suite.Polluter.Id),
                detection.Notes.Where(n => n.StartsWith("Order check", StringComparison.Ordinal)).ToList(),
                detection.Notes.Count(n => n.EndsWith("random, not order-dependent.", StringComparison.Ordinal)),
                detection.Notes.Count(n => n.Contains("not found by bisecting", StringComparison.Ordinal) || n.Contains("no single test before it", StringComparison.Ordinal)));
            return new FlakyResult(suite.Tests.Count, runs, suite.Tests.Count(IsFlaky), tp, fp, fn, tn, detection.Failures, detection.Reruns, historySeconds, detectSeconds, kinds, order);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A scratch directory left behind is harmless.
            }
        }
    }
}
