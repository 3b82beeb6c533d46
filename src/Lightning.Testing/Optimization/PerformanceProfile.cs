using Lightning.Testing.Flaky;

namespace Lightning.Testing.Optimization;

/// <summary>A test's typical duration.</summary>
public sealed record SlowTest(string Id, string Project, TimeSpan Median, TimeSpan Max, int Runs);

/// <summary>A test that got slower: its recent median against its earlier (baseline) median, with the recent runs.</summary>
public sealed record DurationRegression(string Id, string Project, TimeSpan BaselineMedian, TimeSpan RecentMedian, double Ratio, IReadOnlyList<string> RecentRuns);

/// <summary>The slowest tests and the tests whose duration regressed.</summary>
public sealed record PerformanceProfile(IReadOnlyList<SlowTest> Slowest, IReadOnlyList<DurationRegression> Regressions)
{
    public const int RecentRuns = 5;
    public const double RegressionRatio = 1.5;
    public static readonly TimeSpan MinimumIncrease = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A regression is a recent median (last <see cref="RecentRuns"/> runs) at least <see cref="RegressionRatio"/>
    /// times the baseline median (the runs before, at least three) and <see cref="MinimumIncrease"/> longer, so noise
    /// in millisecond tests is not reported.
    /// </summary>
    public static PerformanceProfile Of(IEnumerable<TestHistoryWindow> tests, int slowest = 10)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var list = tests.ToList();
        var slow = list
            .Select(t => (Test: t, Durations: t.Observations.Where(o => o.Decided && o.Duration is not null).Select(o => o.Duration!.Value).ToList()))
            .Where(t => t.Durations.Count > 0)
            .Select(t => new SlowTest(t.Test.Id, t.Test.Project, SmartOrder.Median(t.Durations.Select(d => (TimeSpan?)d))!.Value, t.Durations.Max(), t.Durations.Count))
            .OrderByDescending(s => s.Median).ThenBy(s => s.Id, StringComparer.Ordinal).Take(slowest).ToList();
        var regressions = new List<DurationRegression>();
        foreach (var test in list)
        {
            var timed = test.Observations.Where(o => o.Decided && o.Duration is not null).ToList();
            if (timed.Count < RecentRuns + 3)
            {
                continue;
            }

            var recent = timed.TakeLast(RecentRuns).ToList();
            var baseline = timed.SkipLast(RecentRuns).TakeLast(20).ToList();
            var recentMedian = SmartOrder.Median(recent.Select(o => o.Duration))!.Value;
            var baselineMedian = SmartOrder.Median(baseline.Select(o => o.Duration))!.Value;
            if (baselineMedian > TimeSpan.Zero && recentMedian >= baselineMedian * RegressionRatio && recentMedian - baselineMedian >= MinimumIncrease)
            {
                regressions.Add(new DurationRegression(test.Id, test.Project, baselineMedian, recentMedian,
                    Math.Round(recentMedian / baselineMedian, 2), [.. recent.Select(o => o.RunId)]));
            }
        }

        return new PerformanceProfile(slow, [.. regressions.OrderByDescending(r => r.Ratio).ThenBy(r => r.Id, StringComparer.Ordinal)]);
    }
}
