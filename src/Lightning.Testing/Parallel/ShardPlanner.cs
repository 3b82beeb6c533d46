namespace Lightning.Testing.Parallel;

/// <summary>
/// A test (or a file, a package: what a shard selects) to place on a shard, with what it is expected to take: its
/// historical duration when <paramref name="Known"/>, else a default.
/// </summary>
public sealed record ShardItem(string Id, TimeSpan Expected, bool Known = true);

/// <summary>One shard of a plan: its tests in run order and the time they are expected to take together.</summary>
public sealed record Shard(int Index, IReadOnlyList<string> Tests, TimeSpan Expected);

/// <summary>A plan of balanced shards: the slowest shard bounds the run, so <see cref="Makespan"/> is what it costs.</summary>
public sealed record ShardPlan(IReadOnlyList<Shard> Shards)
{
    public TimeSpan Makespan => Shards.Count == 0 ? TimeSpan.Zero : Shards.Max(s => s.Expected);

    public TimeSpan Total => Shards.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Expected);

    /// <summary>How far the slowest shard is above a perfect split (1.0 is perfect).</summary>
    public double Imbalance => Total == TimeSpan.Zero ? 1.0 : Makespan / (Total / Shards.Count);

    /// <summary>The project was built while its tests were listed (<see cref="ShardListing.Prebuilt"/>): shards do not build it.</summary>
    public bool Prebuilt { get; init; }
}

/// <summary>
/// Splits tests into shards of balanced expected duration: longest first, each onto the currently lightest shard
/// (the LPT rule, within 4/3 of the optimum). Ties break by id so the same history always gives the same plan.
/// Tests without history are guesses, so they are spread evenly by count afterwards (each onto the shard with the
/// fewest of them, the lightest among those): a wrong guess then costs every shard alike.
/// </summary>
public static class ShardPlanner
{
    public const int MaxShards = 256;

    public static ShardPlan Plan(IEnumerable<ShardItem> items, int shards)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shards, MaxShards);

        var distinct = items.DistinctBy(i => i.Id, StringComparer.Ordinal).ToList();
        var tests = Enumerable.Range(0, shards).Select(_ => new List<string>()).ToArray();
        var loads = new TimeSpan[shards];
        var guesses = new int[shards];
        foreach (var item in distinct.Where(i => i.Known).OrderByDescending(i => i.Expected).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            Place(item, Lightest(loads, null, tests));
        }

        foreach (var item in distinct.Where(i => !i.Known).OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var target = Lightest(loads, guesses, tests);
            guesses[target]++;
            Place(item, target);
        }

        return new ShardPlan([.. tests.Select((list, index) => new Shard(index, list, loads[index]))]);

        void Place(ShardItem item, int shard)
        {
            tests[shard].Add(item.Id);
            loads[shard] += item.Expected < TimeSpan.Zero ? TimeSpan.Zero : item.Expected;
        }
    }

    /// <summary>
    /// The shard with the least load, or with <paramref name="counts"/> the fewest counted first, then the least load;
    /// equal loads (tests of 0 ms are common) go to the shard with fewer tests, then the lowest index.
    /// </summary>
    static int Lightest(TimeSpan[] loads, int[]? counts, List<string>[] tests)
    {
        var lightest = 0;
        for (var shard = 1; shard < loads.Length; shard++)
        {
            var better = counts is not null && counts[shard] != counts[lightest] ? counts[shard] < counts[lightest]
                : loads[shard] != loads[lightest] ? loads[shard] < loads[lightest]
                : tests[shard].Count < tests[lightest].Count;
            if (better)
            {
                lightest = shard;
            }
        }

        return lightest;
    }
}
