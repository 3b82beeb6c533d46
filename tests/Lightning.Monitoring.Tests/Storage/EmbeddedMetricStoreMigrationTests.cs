using DuckDB.NET.Data;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Embedded;

namespace Lightning.Monitoring.Tests.Storage;

public sealed class EmbeddedMetricStoreMigrationTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Turns a store file into the layout before chunks: compacted points in a <c>points</c> table (sid, t, f, i) with
    /// their rollups, as the old compaction left them. The points before <paramref name="compactedTo"/> move there.
    /// </summary>
    static void RewriteAsLegacyLayout(string path, long compactedTo)
    {
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE points (sid INTEGER NOT NULL, t BIGINT NOT NULL, f DOUBLE, i BIGINT);
            INSERT INTO points SELECT sid, t, f, i FROM recent WHERE t < {compactedTo} ORDER BY sid, t;
            DELETE FROM recent WHERE t < {compactedTo};
            DROP TABLE chunks;
            -- Rollups kept absolute first and last times then.
            DROP TABLE rollup_1m;
            DROP TABLE rollup_1h;
            CREATE TABLE rollup_1m (sid INTEGER NOT NULL, b BIGINT NOT NULL, n BIGINT, s DOUBLE, lo DOUBLE, hi DOUBLE, ft BIGINT, fv DOUBLE, lt BIGINT, lv DOUBLE);
            CREATE TABLE rollup_1h (sid INTEGER NOT NULL, b BIGINT NOT NULL, n BIGINT, s DOUBLE, lo DOUBLE, hi DOUBLE, ft BIGINT, fv DOUBLE, lt BIGINT, lv DOUBLE);
            INSERT INTO rollup_1m SELECT sid, t - t % 60000000000 AS b, count(*), sum(v), min(v), max(v), min(t), arg_min(v, t), max(t), arg_max(v, t)
              FROM (SELECT sid, t, coalesce(f, CAST(i AS DOUBLE)) AS v FROM points) GROUP BY ALL;
            INSERT INTO rollup_1h SELECT sid, b - b % 3600000000000, sum(n), sum(s), min(lo), max(hi), min(ft), arg_min(fv, ft), max(lt), arg_max(lv, lt)
              FROM rollup_1m GROUP BY ALL;
            INSERT OR REPLACE INTO state VALUES ('watermark', {compactedTo}), ('sorted', {compactedTo});
            CHECKPOINT;
            """;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task A_store_with_the_old_points_table_opens_converted_without_losing_a_point()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 3);
        await StoreTestData.WriteAsync(harness.Store, samples);
        // An integer field too: it must come back as the same integers, not doubles.
        var memory = new PointBatch();
        var host = memory.AddSeries(new SeriesKey("mem", [new("host", "a")]));
        for (var s = 0; s < 3 * 3600; s += 10)
            memory.Add(host, "used", Timestamps.ToNanoseconds(StoreHarness.T0.AddSeconds(s)), FieldValue.OfInteger(9_007_199_254_740_993L + s * 4096L));
        await harness.Store.WriteAsync(memory, Cancel);
        await harness.Store.DisposeAsync();
        var compactedTo = Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(150));
        RewriteAsLegacyLayout(harness.Options.Path!, compactedTo);

        await harness.ReopenAsync();

        var stats = await harness.Store.StatisticsAsync(Cancel);
        stats.Points.ShouldBe(samples.Count + memory.Count);
        stats.CompactedPoints.ShouldBe(samples.Count(s => s.TimeNs < compactedTo) + 150 * 6);
        var raw = await harness.Store.QueryAsync(new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3), GroupBy = ["*"] }, Cancel);
        raw.PointCount.ShouldBe(samples.Count);
        var byKey = samples.ToDictionary(s => (s.Series.Tag("host"), s.TimeNs), s => s.Value);
        foreach (var series in raw.Series)
            for (var i = 0; i < series.Values.Length; i++)
                series.Values[i].ShouldBe(byKey[(series.Tags["host"], series.TimestampsNs[i])]);
        var means = await harness.Store.QueryAsync(new MetricQuery
        {
            Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3), Aggregate = Aggregate.Mean, Every = TimeSpan.FromHours(1),
        }, Cancel);
        for (var hour = 0; hour < 3; hour++)
        {
            var start = Timestamps.ToNanoseconds(StoreHarness.T0.AddHours(hour));
            means.Series[0].Values[hour].ShouldBeClose(samples.Where(s => s.TimeNs >= start && s.TimeNs < start + 3_600_000_000_000L).Average(s => s.Value), $"hour {hour}");
        }
        // First and last per minute come from the converted 1-minute rollups (their times are now offsets from the bucket).
        foreach (var aggregate in (Aggregate[])[Aggregate.First, Aggregate.Last])
        {
            var edges = await harness.Store.QueryAsync(new MetricQuery
            {
                Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(2), Aggregate = aggregate, Every = TimeSpan.FromMinutes(1), GroupBy = ["*"],
            }, Cancel);
            edges.Series.Count.ShouldBeGreaterThan(0);
            foreach (var series in edges.Series)
            {
                series.Values.Length.ShouldBe(120);
                for (var minute = 0; minute < 120; minute++)
                {
                    var start = Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(minute));
                    var inBucket = samples.Where(s => s.Series.Tag("host") == series.Tags["host"] && s.TimeNs >= start && s.TimeNs < start + 60_000_000_000L).OrderBy(s => s.TimeNs).ToList();
                    series.Values[minute].ShouldBe((aggregate == Aggregate.First ? inBucket[0] : inBucket[^1]).Value, $"{aggregate} minute {minute}");
                }
            }
        }
        var integers = new List<long>();
        await foreach (var batch in harness.Store.ReadBatchesAsync("mem", StoreHarness.T0, StoreHarness.T0.AddHours(3), cancellationToken: Cancel))
            for (var row = 0; row < batch.Count; row++) integers.Add(batch.ValueAt(row).AsInteger());
        integers.ShouldBe(Enumerable.Range(0, 3 * 360).Select(i => 9_007_199_254_740_993L + i * 10 * 4096L));

        // The old table is gone; compaction goes on into chunks from where the old one stopped.
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(3), Cancel);
        (await harness.Store.StatisticsAsync(Cancel)).CompactedPoints.ShouldBe(samples.Count + memory.Count);
        await harness.Store.DisposeAsync();
        using (var check = new DuckDBConnection($"Data Source={harness.Options.Path}"))
        {
            check.Open();
            using var command = check.CreateCommand();
            command.CommandText = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'points' OR table_name LIKE '%legacy'";
            Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0);
            command.CommandText = "SELECT count(*) FROM duckdb_columns() WHERE table_name LIKE 'rollup%' AND column_name IN ('ft', 'lt')";
            Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0);
        }
        await harness.ReopenAsync();
        (await harness.Store.QueryAsync(new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3), GroupBy = ["*"] }, Cancel))
            .PointCount.ShouldBe(samples.Count);
    }
}
