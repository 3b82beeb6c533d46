using Lightning.Monitoring.Storage.Embedded;

namespace Lightning.Monitoring.Tests.Storage;

public sealed class RecentIndexTests
{
    [Fact]
    public void RemoveBefore_AcrossBlocks_KeepsTheLaterRowsInWriteOrder()
    {
        using var index = new RecentIndex();
        // 3,000 rows a series spans three blocks; times go back and forth so that removal leaves holes in every block.
        var rows = Enumerable.Range(0, 3000).Select(i => (Sid: i % 2, Time: (long)(i * 7919 % 3000), Value: (double)i)).ToList();
        index.Add(rows);

        index.RemoveBefore(1000, sid => sid == 0);

        var kept = new List<(long Time, long Row, double Value)>();
        index.CopyInto(0, [(long.MinValue, long.MaxValue)], kept);
        var expected = rows.Where(r => r.Sid == 0 && r.Time >= 1000).Select(r => (r.Time, r.Value)).ToList();
        kept.Select(r => (r.Time, r.Value)).ShouldBe(expected);
        kept.Select(r => r.Row).ShouldBeInOrder();
        var other = new List<(long Time, long Row, double Value)>();
        index.CopyInto(1, [(0, 3000)], other);
        other.Count.ShouldBe(1500);
        index.Count.ShouldBe(expected.Count + 1500);

        // Rows added after a removal go on after the kept ones, in a block of their own or the last partly filled one.
        index.Add([(0, 5000L, -1.0), (0, 5001L, -2.0)]);
        var after = new List<(long Time, long Row, double Value)>();
        index.CopyInto(0, [(4000, 6000)], after);
        after.Select(r => r.Value).ShouldBe([-1.0, -2.0]);

        index.RemoveBefore(long.MaxValue);
        index.Count.ShouldBe(0);
    }
}
