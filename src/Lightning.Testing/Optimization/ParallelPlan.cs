using Lightning.Testing.Flaky;
using Lightning.Testing.Parallel;

namespace Lightning.Testing.Optimization;

/// <summary>Shards balanced by historical duration, and what they buy: serial time over the slowest shard.</summary>
public sealed record ParallelPlan(int Shards, TimeSpan Serial, TimeSpan Makespan, double ExpectedSpeedup, double Imbalance, int TestsWithoutHistory, ShardPlan Plan)
{
    /// <summary>Tests without a recorded duration are planned at the median of the others (or 1 s when none is known).</summary>
    public static ParallelPlan Of(IEnumerable<TestHistoryWindow> tests, int shards)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var list = tests.Select(t => (t.Id, Median: SmartOrder.Median(t.Observations.Where(o => o.Decided).Select(o => o.Duration)))).ToList();
        var fallback = SmartOrder.Median(list.Select(t => t.Median)) ?? TimeSpan.FromSeconds(1);
        var plan = ShardPlanner.Plan(list.Select(t => new ShardItem(t.Id, t.Median ?? fallback)), shards);
        var speedup = plan.Makespan == TimeSpan.Zero ? 1.0 : Math.Round(plan.Total / plan.Makespan, 2);
        return new ParallelPlan(shards, plan.Total, plan.Makespan, speedup, Math.Round(plan.Imbalance, 3), list.Count(t => t.Median is null), plan);
    }
}
