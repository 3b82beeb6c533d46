using Lightning.Testing.Flaky;

namespace Lightning.Testing.Optimization;

/// <summary>A test's place in the smart order, and what put it there.</summary>
public sealed record OrderedTest(string Id, string Project, string Framework, bool FailedLast, double FailureRate, TimeSpan? MedianDuration, string Reason);

/// <summary>
/// Smart ordering: tests that failed in their latest run first, then the failure-prone (by failure rate over the
/// window), then the fastest — so a failing run fails early and cheap tests give signal first.
/// </summary>
public static class SmartOrder
{
    public static IReadOnlyList<OrderedTest> Order(IEnumerable<TestHistoryWindow> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        return [.. tests.Select(test =>
        {
            var decided = test.Observations.Where(o => o.Decided).ToList();
            var failedLast = decided.Count > 0 && decided[^1].Failed;
            var failing = decided.Count(o => o.Failed || o.Outcome == Results.TestOutcome.Flaky);
            var rate = decided.Count == 0 ? 0 : Math.Round((double)failing / decided.Count, 4);
            // A skip takes no time and says nothing about the test's speed, so only decided runs count; a test that was
            // only ever skipped has no known speed and goes after the measured ones.
            var median = Median(decided.Select(o => o.Duration));
            var reason = failedLast ? "failed in its latest run" : rate > 0 ? $"failed in {rate:P0} of its runs" : "fast first";
            return new OrderedTest(test.Id, test.Project, test.Framework, failedLast, rate, median, reason);
        })
        .OrderByDescending(t => t.FailedLast).ThenByDescending(t => t.FailureRate)
        .ThenBy(t => t.MedianDuration ?? TimeSpan.MaxValue).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }

    public static TimeSpan? Median(IEnumerable<TimeSpan?> durations)
    {
        var known = durations.OfType<TimeSpan>().Order().ToList();
        if (known.Count == 0)
        {
            return null;
        }

        return known.Count % 2 == 1 ? known[known.Count / 2] : (known[(known.Count / 2) - 1] + known[known.Count / 2]) / 2;
    }
}
