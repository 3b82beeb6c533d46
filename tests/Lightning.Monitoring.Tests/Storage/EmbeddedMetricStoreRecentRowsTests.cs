using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;

namespace Lightning.Monitoring.Tests.Storage;

/// <summary>
/// Raw queries read the uncompacted points from the store's in-memory copy of the append table: it must stay equal to
/// the table through writes, rewrites, compaction, retention and reopening, also while all of them run at once.
/// </summary>
public sealed class EmbeddedMetricStoreRecentRowsTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly SeriesKey Gauge = new("gauge", [new("host", "a")]);

    static double ValueAt(long second) => second * 0.5;

    static Sample At(long second) => new(Gauge, Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(second)), ValueAt(second));

    [Fact]
    public async Task Raw_reads_while_writing_and_compacting_see_every_acknowledged_point_once()
    {
        await using var harness = new StoreHarness();
        const int seconds = 3 * 3600;
        const int batch = 120;
        var acknowledged = 0L; // seconds [0, acknowledged) are written and acknowledged
        using var done = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var writer = Task.Run(async () =>
        {
            for (var start = 0; start < seconds; start += batch)
            {
                // Each batch also rewrites (same value) a point of the previous batch: a duplicate time in the append table.
                var samples = Enumerable.Range(start, batch).Select(s => At(s)).ToList();
                if (start > 0) samples.Add(At(start - 7));
                await StoreTestData.WriteAsync(harness.Store, samples);
                Volatile.Write(ref acknowledged, start + batch);
            }
        }, Cancel);
        var compactor = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var upTo = Volatile.Read(ref acknowledged) - 30;
                if (upTo > 0) await harness.Store.CompactAsync(StoreHarness.T0.AddSeconds(upTo), Cancel);
                await Task.Delay(5, Cancel);
            }
        }, Cancel);
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            var query = new MetricQuery { Measurement = "gauge", From = StoreHarness.T0, To = StoreHarness.T0.AddSeconds(seconds) };
            while (!done.IsCancellationRequested)
            {
                var before = Volatile.Read(ref acknowledged);
                if (before == 0)
                {
                    await Task.Delay(1, Cancel); // the measurement does not exist before the first write
                    continue;
                }
                var result = await harness.Store.QueryAsync(query, Cancel);
                var series = result.Series.ShouldHaveSingleItem();
                series.Values.Length.ShouldBeGreaterThanOrEqualTo((int)before, $"read {reads}");
                for (var i = 0; i < series.Values.Length; i++)
                {
                    // Every second from 0 on, once, in order: nothing lost, nothing doubled.
                    series.TimestampsNs[i].ShouldBe(Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(i)), $"read {reads}, point {i}");
                    series.Values[i].ShouldBe(ValueAt(i));
                }
                reads++;
            }
        }, Cancel);

        await writer;
        await done.CancelAsync();
        await Task.WhenAll(compactor, reader);
        reads.ShouldBeGreaterThan(0);

        var all = await harness.Store.QueryAsync(new MetricQuery { Measurement = "gauge", From = StoreHarness.T0, To = StoreHarness.T0.AddSeconds(seconds) }, Cancel);
        all.Series[0].Values.ShouldBe(Enumerable.Range(0, seconds).Select(s => ValueAt(s)));
    }

    [Fact]
    public async Task Retention_and_reopen_keep_the_uncompacted_points_equal_to_the_table()
    {
        await using var harness = new StoreHarness(o => o.Retention = TimeSpan.FromHours(2));
        harness.Time.SetUtcNow(StoreHarness.T0.AddHours(3));
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3 * 3600).Select(s => At(s)));
        // A late rewrite of an old point, then retention without any compaction: every expired row leaves memory too.
        await StoreTestData.WriteAsync(harness.Store, [At(10) with { Value = -1 }]);
        var query = new MetricQuery { Measurement = "gauge", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3) };
        (await harness.Store.QueryAsync(query with { To = StoreHarness.T0.AddMinutes(1) }, Cancel)).Series[0].Values[10].ShouldBe(-1);

        (await harness.Store.ApplyRetentionAsync(Cancel)).ShouldBe(3600 + 1);

        var expected = Enumerable.Range(3600, 2 * 3600).Select(s => ValueAt(s)).ToList();
        (await harness.Store.QueryAsync(query, Cancel)).Series[0].Values.ShouldBe(expected);
        await harness.ReopenAsync();
        (await harness.Store.QueryAsync(query, Cancel)).Series[0].Values.ShouldBe(expected);
        await harness.Store.CompactAsync(StoreHarness.T0.AddMinutes(150), Cancel);
        (await harness.Store.QueryAsync(query, Cancel)).Series[0].Values.ShouldBe(expected);
    }
}
