using Lightning.Testing.Parallel;

namespace Lightning.Testing.Tests.Parallel;

public sealed class ShardPlannerTests
{
    static ShardItem Item(string id, double seconds) => new(id, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Plan_UnevenDurations_BalancesByExpectedTimeNotCount()
    {
        var plan = ShardPlanner.Plan([Item("slow", 10), Item("a", 3), Item("b", 3), Item("c", 2), Item("d", 2)], 2);

        plan.Shards.Select(s => s.Tests).ShouldBe([["slow"], ["a", "b", "c", "d"]]);
        plan.Makespan.ShouldBe(TimeSpan.FromSeconds(10));
        plan.Total.ShouldBe(TimeSpan.FromSeconds(20));
        plan.Imbalance.ShouldBe(1.0);
    }

    [Fact]
    public void Plan_SameInputInAnyOrder_GivesTheSamePlan_AndEveryTestOnce()
    {
        var items = Enumerable.Range(0, 50).Select(i => Item($"t{i:00}", (i * 7 % 11) + 0.5)).ToList();

        var first = ShardPlanner.Plan(items, 4);
        var second = ShardPlanner.Plan(Enumerable.Reverse(items).Append(items[0]), 4);

        second.Shards.Select(s => s.Tests).ShouldBe(first.Shards.Select(s => s.Tests));
        first.Shards.SelectMany(s => s.Tests).Order(StringComparer.Ordinal).ShouldBe(items.Select(i => i.Id));
        first.Imbalance.ShouldBeLessThan(1.1);
    }

    [Fact]
    public void Plan_MoreShardsThanTests_LeavesEmptyShards_AndBadCountsThrow()
    {
        var plan = ShardPlanner.Plan([Item("only", 1)], 3);

        plan.Shards.Count.ShouldBe(3);
        plan.Shards.Count(s => s.Tests.Count == 0).ShouldBe(2);
        Should.Throw<ArgumentOutOfRangeException>(() => ShardPlanner.Plan([], 0));
        Should.Throw<ArgumentOutOfRangeException>(() => ShardPlanner.Plan([], ShardPlanner.MaxShards + 1));
    }

    [Fact]
    public void Plan_TestsWithoutHistory_AreSpreadEvenlyByCount_AfterTheKnownOnesAreBalanced()
    {
        ShardItem[] unknown = [.. Enumerable.Range(0, 7).Select(i => new ShardItem($"new{i}", TimeSpan.FromSeconds(1), Known: false))];

        var plan = ShardPlanner.Plan([Item("slow", 30), Item("mid", 5), .. unknown], 3);

        plan.Shards.Select(s => s.Tests.Count(t => t.StartsWith("new", StringComparison.Ordinal))).Order().ShouldBe([2, 2, 3]);
        plan.Shards[0].Tests.ShouldContain("slow");
        plan.Shards.SelectMany(s => s.Tests).Count().ShouldBe(9);
        // The odd one out goes to a light shard, not the one already holding 30 s.
        plan.Shards[0].Tests.Count(t => t.StartsWith("new", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public void Plan_TestsOfZeroDuration_StillFillEveryShard()
    {
        // go reports most tests at 0 ms: equal loads must not all land on the first shard (an empty shard would run everything).
        var plan = ShardPlanner.Plan([Item("a", 0), Item("b", 0), Item("c", 0), Item("d", 0), Item("e", 0)], 3);

        plan.Shards.Select(s => s.Tests.Count).ShouldBe([2, 2, 1]);
    }
}
