namespace Lightning.Testing.Parallel;

/// <summary>A test to place on a shard, with what it is expected to take (its historical duration, or a default).</summary>
public sealed record ShardItem(string Id, TimeSpan Expected);

/// <summary>One shard of a plan: its tests in run order and the time they are expected to take together.</summary>
public sealed record Shard(int Index, IReadOnlyList<string> Tests, TimeSpan Expected);

/// <summary>A plan of balanced shards: the slowest shard bounds the run, so <see cref="Makespan"/> is what it costs.</summary>
public sealed record ShardPlan(IReadOnlyList<Shard> Shards)
{
    public TimeSpan Makespan => Shards.Count == 0 ? TimeSpan.Zero : Shards.Max(s => s.Expected);

    public TimeSpan Total => Shards.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Expected);

    /// <summary>How far the slowest shard is above a perfect split (1.0 is perfect).</summary>
    public double Imbalance => Total == TimeSpan.Zero ? 1.0 : Makespan / (Total / Shards.Count);
}

/// <summary>
/// Splits tests into shards of balanced expected duration: longest first, each onto the currently lightest shard
/// (the LPT rule, within 4/3 of the optimum). Ties break by id so the same history always gives the same plan.
/// </summary>
public static class ShardPlanner
{
    public const int MaxShards = 256;

    public static ShardPlan Plan(IEnumerable<ShardItem> items, int shards)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, MaxShards);

        var ordered = items
            .DistinctBy(i => i.Id, StringComparer.Ordinal)
            .OrderByDescending(i => i.Expected)
            .ThenBy(i => i.Id, StringComparer.Ordinal);
        var tests = Enumerable.Range(0, shards).Select(_ => new List<string>()).ToArray();
        var loads = new TimeSpan[shards];
        foreach (var item in ordered)
        {
            var lightest = 0;
            for (var shard = 1; shard < shards; shard++)
            {
                if (loads[shard] < loads[lightest])
                {
                    lightest = shard;
                }
            }

            tests[lightest].Add(item.Id);
            loads[lightest] += item.Expected < TimeSpan.Zero ? TimeSpan.Zero : item.Expected;
        }

        return new ShardPlan([.. tests.Select((list, index) => new Shard(index, list, loads[index]))]);
    }
}
