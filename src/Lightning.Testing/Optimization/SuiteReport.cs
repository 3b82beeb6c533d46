using Lightning.Testing.Flaky;

namespace Lightning.Testing.Optimization;

/// <summary>The suite optimizer's report: everything it found about one repository's tests, over the same window of history.</summary>
public sealed record SuiteReport(
    string Repository,
    int RunsLookedAt,
    int Tests,
    IReadOnlyList<FlakyVerdict> Flaky,
    IReadOnlyList<QuarantinedTest> Quarantined,
    RetryDecision Retries,
    IReadOnlyList<OrderedTest> Order,
    IReadOnlyList<DuplicateGroup> Duplicates,
    IReadOnlyList<TestDependency> Dependencies,
    ParallelPlan Parallel,
    PerformanceProfile Performance,
    IReadOnlyList<string> Notes)
{
    /// <summary>The report as text for a terminal or a pull-request comment.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Suite report for {Repository}: {Tests} tests over the last {RunsLookedAt} run(s)");
        text.AppendLine();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Flaky tests ({Flaky.Count}):");
        foreach (var verdict in Flaky)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {verdict.Id}  {FlakyAnalyzer.KindName(verdict.Kind)}, score {verdict.Score:0.00}, {verdict.Failures} of {verdict.Runs} runs{(verdict.Quarantined ? ", quarantined" : string.Empty)}");
            foreach (var evidence in verdict.Evidence.Take(3))
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    - {evidence.Detail}");
            }
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Quarantined ({Quarantined.Count(q => q.Active)} active):");
        foreach (var entry in Quarantined)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {entry.Id}  by {entry.QuarantinedBy} at {entry.QuarantinedAt:yyyy-MM-dd}: {entry.Reason}{(entry.ExpiresAt is { } e ? $" (until {e:yyyy-MM-dd})" : string.Empty)}{(entry.Active ? string.Empty : " [expired]")}");
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Retries: {Retries.Retries} ({Retries.Reason})");
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Smart order (first 10 of {Order.Count}):");
        foreach (var test in Order.Take(10))
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {test.Id}  {test.Reason}{(test.MedianDuration is { } d ? $", {d.TotalMilliseconds:0} ms" : string.Empty)}");
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Duplicates ({Duplicates.Count}):");
        foreach (var group in Duplicates)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {group.Kind}: {string.Join(", ", group.Tests)}");
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Dependencies ({Dependencies.Count}):");
        foreach (var dependency in Dependencies)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {dependency.Kind}: {dependency.Detail}");
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Parallel: {Parallel.Shards} shards, {Parallel.Serial.TotalSeconds:0.0} s serial -> {Parallel.Makespan.TotalSeconds:0.0} s, expected speedup {Parallel.ExpectedSpeedup:0.00}x");
        text.AppendLine("Slowest:");
        foreach (var slow in Performance.Slowest)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {slow.Id}  median {slow.Median.TotalMilliseconds:0} ms, max {slow.Max.TotalMilliseconds:0} ms over {slow.Runs} runs");
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Duration regressions ({Performance.Regressions.Count}):");
        foreach (var regression in Performance.Regressions)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {regression.Id}  {regression.BaselineMedian.TotalMilliseconds:0} ms -> {regression.RecentMedian.TotalMilliseconds:0} ms ({regression.Ratio:0.00}x; runs {string.Join(", ", regression.RecentRuns)})");
        }

        foreach (var note in Notes)
        {
            text.AppendLine(note);
        }

        return text.ToString();
    }
}
