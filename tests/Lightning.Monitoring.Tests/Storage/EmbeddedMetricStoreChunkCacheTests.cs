using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.TestUtilities;

namespace Lightning.Monitoring.Tests.Storage;

/// <summary>
/// Raw reads serve decoded chunks from <see cref="ChunkCache"/>: each test first proves the read came from the cache
/// (hits, no new misses), then changes the chunks (late writes and compaction, retention, restore) and checks that the
/// next read returns the new points, never the cached ones.
/// </summary>
public sealed class EmbeddedMetricStoreChunkCacheTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly SeriesKey Gauge = new("gauge", [new("host", "a")]);

    static double ValueAt(long second) => second * 0.5;

    static Sample At(long second, double? value = null) => new(Gauge, Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(second)), value ?? ValueAt(second));

    static MetricQuery Hours(double from, double to) =>
        new() { Measurement = "gauge", From = StoreHarness.T0.AddHours(from), To = StoreHarness.T0.AddHours(to) };

    static async Task<SeriesResult> ReadAsync(StoreHarness harness, MetricQuery query) =>
        (await harness.Store.QueryAsync(query, Cancel)).Series.ShouldHaveSingleItem();

    /// <summary>Reads twice and checks the second read was answered from the cache alone (every window a hit, no miss).</summary>
    static async Task<SeriesResult> ReadCachedAsync(StoreHarness harness, MetricQuery query, int windows)
    {
        await ReadAsync(harness, query);
        var before = harness.Store.ChunkCacheState;
        var result = await ReadAsync(harness, query);
        var after = harness.Store.ChunkCacheState;
        after.Misses.ShouldBe(before.Misses, "the second read should find every window cached");
        (after.Hits - before.Hits).ShouldBe(windows);
        return result;
    }

    [Fact]
    public async Task Late_writes_are_read_at_once_and_after_their_compaction_replaces_the_cached_chunk()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 2 * 3600).Select(s => At(s)));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(2), Cancel);
        var query = Hours(0, 2);
        (await ReadCachedAsync(harness, query, windows: 2)).Values.ShouldBe(Enumerable.Range(0, 2 * 3600).Select(s => ValueAt(s)));

        // A rewrite of a compacted point and a point at a new time inside the cached first hour.
        var between = new Sample(Gauge, Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(100.5)), 1234);
        await StoreTestData.WriteAsync(harness.Store, [At(100, -1), between]);
        var expectedTimes = Enumerable.Range(0, 2 * 3600).Select(s => Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(s))).Append(between.TimeNs).Order().ToArray();
        var expectedValues = expectedTimes.Select(t => t == between.TimeNs ? 1234 : t == At(100).TimeNs ? -1 : ValueAt((t - At(0).TimeNs) / 1_000_000_000)).ToArray();
        var beforeCompaction = await ReadCachedAsync(harness, query, windows: 2);
        beforeCompaction.TimestampsNs.ShouldBe(expectedTimes);
        beforeCompaction.Values.ShouldBe(expectedValues);

        // Compaction moves both rows into the first hour's chunk and out of memory: a stale cached chunk would lose them.
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(2), Cancel);
        var afterCompaction = await ReadCachedAsync(harness, query, windows: 2);
        afterCompaction.TimestampsNs.ShouldBe(expectedTimes);
        afterCompaction.Values.ShouldBe(expectedValues);
    }

    [Fact]
    public async Task Uncompacted_rows_out_of_time_order_and_rewritten_read_in_time_order_with_the_newest_write()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3600).Select(s => At(s)));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);
        // After the compacted hour: later times first, a time written in two batches, and a time written twice in one.
        await StoreTestData.WriteAsync(harness.Store, [At(3700), At(3650), At(3610, 7)]);
        await StoreTestData.WriteAsync(harness.Store, [At(3610, 8), At(3605), At(3800, 1), At(3800, 2)]);

        var seconds = Enumerable.Range(0, 3600).Concat([3605, 3610, 3650, 3700, 3800]).ToArray();
        double Expected(int s) => s switch { 3610 => 8, 3800 => 2, _ => ValueAt(s) };
        var all = await ReadCachedAsync(harness, Hours(0, 2), windows: 2);
        all.TimestampsNs.ShouldBe(seconds.Select(s => At(s).TimeNs));
        all.Values.ShouldBe(seconds.Select(Expected));
        // Only rows in write order that is also time order (the sort is skipped): the rewrite still wins.
        var last = await ReadCachedAsync(harness, Hours(3750.0 / 3600, 2), windows: 1);
        last.TimestampsNs.ShouldBe([At(3800).TimeNs]);
        last.Values.ShouldBe([2.0]);
    }

    [Fact]
    public async Task A_window_cached_as_empty_shows_the_points_compaction_moves_into_it()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3600).Select(s => At(s)));
        var query = Hours(0, 1);
        // Nothing compacted yet: the window is cached as "no chunk", the points come from the append table's copy.
        (await ReadCachedAsync(harness, query, windows: 1)).Values.Length.ShouldBe(3600);

        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);

        (await ReadCachedAsync(harness, query, windows: 1)).Values.ShouldBe(Enumerable.Range(0, 3600).Select(s => ValueAt(s)));
    }

    [Fact]
    public async Task Retention_drops_expired_points_from_cached_chunks()
    {
        await using var harness = new StoreHarness(o => o.Retention = TimeSpan.FromHours(2));
        harness.Time.SetUtcNow(StoreHarness.T0.AddHours(3).AddMinutes(30));
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3 * 3600).Select(s => At(s)));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(3), Cancel);
        var query = Hours(0, 3);
        (await ReadCachedAsync(harness, query, windows: 3)).Values.Length.ShouldBe(3 * 3600);

        // The cut at 1.5 h deletes the first hour's chunk and trims the second.
        (await harness.Store.ApplyRetentionAsync(Cancel)).ShouldBe(5400);

        (await ReadCachedAsync(harness, query, windows: 3)).Values.ShouldBe(Enumerable.Range(5400, 3 * 3600 - 5400).Select(s => ValueAt(s)));
    }

    [Fact]
    public async Task A_store_reopened_on_a_restored_file_reads_the_backup_not_what_it_cached_before()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3600).Select(s => At(s)));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);
        var backup = harness.Combine("backup", "metrics.duckdb");
        await harness.Store.BackupAsync(backup, Cancel);
        await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 3600).Select(s => At(s, -s)));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);
        var query = Hours(0, 1);
        (await ReadCachedAsync(harness, query, windows: 1)).Values.ShouldBe(Enumerable.Range(0, 3600).Select(s => (double)-s));

        await harness.Store.DisposeAsync();
        await EmbeddedMetricStore.RestoreAsync(backup, harness.Options.Path!, cancellationToken: Cancel);
        await harness.ReopenAsync();

        (await ReadCachedAsync(harness, query, windows: 1)).Values.ShouldBe(Enumerable.Range(0, 3600).Select(s => ValueAt(s)));
    }

    [Fact]
    public async Task The_cache_stays_within_its_bound_and_a_disabled_cache_gives_the_same_answers()
    {
        const long hourBytes = 128 + 3600 * 16;
        await using var bounded = new StoreHarness(o => o.ChunkCacheBytes = 2 * hourBytes);
        await using var disabled = new StoreHarness(o => o.ChunkCacheBytes = 0);
        foreach (var harness in (StoreHarness[])[bounded, disabled])
        {
            await StoreTestData.WriteAsync(harness.Store, Enumerable.Range(0, 6 * 3600).Select(s => At(s)));
            await harness.Store.CompactAsync(StoreHarness.T0.AddHours(5), Cancel);
        }
        for (var hour = 0; hour < 6; hour++)
        {
            var query = Hours(hour - 0.5, hour + 1);
            var expected = Enumerable.Range(Math.Max(0, hour * 3600 - 1800), hour == 0 ? 3600 : 5400).Select(s => ValueAt(s));
            (await ReadAsync(bounded, query)).Values.ShouldBe(expected);
            (await ReadAsync(disabled, query)).Values.ShouldBe(expected);
            bounded.Store.ChunkCacheState.Bytes.ShouldBeLessThanOrEqualTo(2 * hourBytes);
        }
        bounded.Store.ChunkCacheState.Entries.ShouldBe(2);
        disabled.Store.ChunkCacheState.ShouldBe((0, 0L, 0L, 0L));
    }

    [Fact]
    public async Task A_negative_cache_size_is_rejected_with_the_option_named()
    {
        using var directory = new TempDirectory();
        var error = Should.Throw<ValidationFailedException>(() =>
            EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = directory.Combine("m.duckdb"), ChunkCacheBytes = -1 }));
        error.Message.ShouldContain("ChunkCacheBytes");
        await Task.CompletedTask;
    }

    [Fact]
    public void The_least_recently_used_window_is_evicted_first()
    {
        var one = new ChunkCache.Decoded([1], [1], 1);
        var cache = new ChunkCache(3 * one.Bytes);
        cache.Put(1, 0, one);
        cache.Put(1, 10, one);
        cache.Put(1, 20, one);
        cache.TryGet(1, 0, out _).ShouldBeTrue(); // now the most recently used
        cache.Put(2, 0, one);

        cache.TryGet(1, 10, out _).ShouldBeFalse();
        cache.TryGet(1, 0, out var kept).ShouldBeTrue();
        kept.ShouldBeSameAs(one);
        cache.TryGet(1, 20, out _).ShouldBeTrue();
        cache.TryGet(2, 0, out _).ShouldBeTrue();
        cache.Bytes.ShouldBe(3 * one.Bytes);
        cache.InvalidateSeries(sid => sid == 1);
        cache.Entries.ShouldBe(1);
        cache.Bytes.ShouldBe(one.Bytes);
    }
}
