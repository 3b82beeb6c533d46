using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Storage;

public sealed class EmbeddedMetricStoreTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static MetricQuery MeanPerMinute(string host) => new()
    {
        Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(2), Aggregate = Aggregate.Mean, Every = TimeSpan.FromMinutes(1),
        Where = [new TagFilter("host", TagOperator.Equal, host)],
    };

    [Fact]
    public async Task Late_points_and_rewrites_recompute_their_rollup_buckets_and_the_last_write_wins()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 2);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(2), Cancel);
        var a = samples[0].Series;
        // A late point in minute 10 (between two stored ones), and a rewrite of the first point of minute 20.
        var late = new Sample(a, Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(10).AddSeconds(5)), 1000);
        var rewrite = new Sample(a, samples.First(s => s.Series.Equals(a) && s.TimeNs >= Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(20))).TimeNs, -500);
        await StoreTestData.WriteAsync(harness.Store, [late, rewrite]);
        var expected = samples.Where(s => s.Series.Equals(a) && s.TimeNs != rewrite.TimeNs).Append(late).Append(rewrite).ToList();

        // Before compaction the late points are read raw; after it, from refreshed rollups. Both must agree with the truth.
        var before = await harness.Store.QueryAsync(MeanPerMinute("a"), Cancel);
        (await harness.Store.CompactAsync(StoreHarness.T0.AddHours(2), Cancel)).ShouldBe(2);
        var after = await harness.Store.QueryAsync(MeanPerMinute("a"), Cancel);
        var raw = await harness.Store.QueryAsync(MeanPerMinute("a") with { Aggregate = null, Every = null }, Cancel);

        foreach (var result in new[] { before, after })
        {
            var series = result.Series.ShouldHaveSingleItem();
            series.Values.Length.ShouldBe(120);
            for (var minute = 0; minute < 120; minute++)
            {
                var start = Timestamps.ToNanoseconds(StoreHarness.T0.AddMinutes(minute));
                series.Values[minute].ShouldBeClose(expected.Where(s => s.TimeNs >= start && s.TimeNs < start + 60_000_000_000L).Average(s => s.Value), $"minute {minute}");
            }
        }
        raw.Series[0].Values.Length.ShouldBe(expected.Count);
        raw.Series[0].Values.ShouldContain(-500);
        raw.Series[0].Values.Count(v => v == -500).ShouldBe(1);
    }

    [Fact]
    public async Task A_rewrite_before_compaction_keeps_only_the_last_value()
    {
        await using var harness = new StoreHarness();
        var series = new SeriesKey("gauge");
        var time = Timestamps.ToNanoseconds(StoreHarness.T0);
        await StoreTestData.WriteAsync(harness.Store, [new Sample(series, time, 1)]);
        await StoreTestData.WriteAsync(harness.Store, [new Sample(series, time, 2)]);
        var query = new MetricQuery { Measurement = "gauge", From = StoreHarness.T0, To = StoreHarness.T0.AddMinutes(1) };

        (await harness.Store.QueryAsync(query, Cancel)).Series[0].Values.ShouldBe([2d]);
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);
        (await harness.Store.QueryAsync(query, Cancel)).Series[0].Values.ShouldBe([2d]);
        (await harness.Store.QueryAsync(query with { Aggregate = Aggregate.Count }, Cancel)).Series[0].Values.ShouldBe([1d]);
    }

    [Fact]
    public async Task Data_survives_dispose_and_reopen_in_both_tables()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 2);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(1), Cancel);
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(2), GroupBy = ["*"] };
        var before = await harness.Store.QueryAsync(query, Cancel);

        await harness.ReopenAsync();
        var after = await harness.Store.QueryAsync(query, Cancel);
        var mean = await harness.Store.QueryAsync(MeanPerMinute("b"), Cancel);

        after.PointCount.ShouldBe(samples.Count);
        for (var i = 0; i < before.Series.Count; i++) after.Series[i].Values.ShouldBe(before.Series[i].Values);
        mean.Series[0].Values.Length.ShouldBe(120);
        (await harness.Store.MeasurementsAsync(Cancel)).ShouldBe(["cpu"]);
    }

    [Fact]
    public async Task Retention_deletes_expired_points_per_measurement()
    {
        await using var harness = new StoreHarness(o =>
        {
            o.Retention = TimeSpan.FromHours(2);
            o.RetentionByMeasurement["keep"] = TimeSpan.Zero;
        });
        harness.Time.SetUtcNow(StoreHarness.T0.AddHours(3)); // the harness starts at T0
        var samples = StoreTestData.Cpu(hours: 3);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await StoreTestData.WriteAsync(harness.Store, [new Sample(new SeriesKey("keep"), Timestamps.ToNanoseconds(StoreHarness.T0), 1)]);
        await harness.Store.CompactAsync(StoreHarness.T0.AddMinutes(90), Cancel);

        var deleted = await harness.Store.ApplyRetentionAsync(Cancel);

        var cutoff = Timestamps.ToNanoseconds(StoreHarness.T0.AddHours(1));
        deleted.ShouldBe(samples.Count(s => s.TimeNs < cutoff));
        var range = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3), GroupBy = ["*"] };
        var left = await harness.Store.QueryAsync(range, Cancel);
        left.PointCount.ShouldBe(samples.Count(s => s.TimeNs >= cutoff));
        left.Series.ShouldAllBe(series => series.TimestampsNs[0] >= cutoff);
        // Rollups outlive raw points: a count per minute still answers for the expired but rolled-up hour.
        var counts = await harness.Store.QueryAsync(range with { GroupBy = [], Aggregate = Aggregate.Count, Every = TimeSpan.FromMinutes(1) }, Cancel);
        counts.Series[0].Values.Sum().ShouldBe(samples.Count);
        var kept = await harness.Store.QueryAsync(new MetricQuery { Measurement = "keep", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(3) }, Cancel);
        kept.PointCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_over_the_series_limit_is_rejected_whole_with_the_measurement_and_limit_named()
    {
        await using var harness = new StoreHarness(o => o.MaxSeriesByMeasurement["cpu"] = 4);
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var batch = new PointBatch();
        var time = Timestamps.ToNanoseconds(StoreHarness.T0.AddHours(2));
        batch.Add("cpu", [new("host", "a"), new("region", "eu")], "value", time, 1); // existing series
        batch.Add("cpu", [new("host", "d")], "value", time, 2);
        batch.Add("cpu", [new("host", "e")], "value", time, 3);
        batch.Add("other", [new("host", "x")], "value", time, 4);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.WriteAsync(batch, Cancel).AsTask());

        error.Message.ShouldContain("measurement 'cpu' to 5 series, over its limit of 4");
        error.Message.ShouldContain("nothing of the batch was written");
        (await harness.Store.MeasurementsAsync(Cancel)).ShouldBe(["cpu"]);
        (await harness.Store.SeriesAsync(new SeriesFilter("cpu"), Cancel)).Count.ShouldBe(3);
        var stats = await harness.Store.StatisticsAsync(Cancel);
        stats.Points.ShouldBe(StoreTestData.Cpu(hours: 1).Count);
        // One more series still fits.
        var fits = new PointBatch();
        fits.Add("cpu", [new("host", "d")], "value", time, 2);
        await harness.Store.WriteAsync(fits, Cancel);
        (await harness.Store.SeriesAsync(new SeriesFilter("cpu"), Cancel)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_field_type_conflict_rejects_the_batch()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var batch = new PointBatch();
        batch.Add(batch.AddSeries(new SeriesKey("cpu", [new("host", "a"), new("region", "eu")])), "value", 1, FieldValue.OfString("high"));

        var error = await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.WriteAsync(batch, Cancel).AsTask());

        error.Message.ShouldContain("is float, but row 1 of the batch writes a string");
    }

    [Fact]
    public async Task Backup_taken_while_writing_restores_to_an_equal_store()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 2);
        await StoreTestData.WriteAsync(harness.Store, samples.Take(1000));
        await harness.Store.CompactAsync(StoreHarness.T0.AddHours(3), Cancel);
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            foreach (var chunk in samples.Skip(1000).Chunk(50))
            {
                await harness.Store.WriteAsync(StoreTestData.Batch(chunk), Cancel);
            }
        }, Cancel);
        var backup = harness.Combine("backup", "metrics-backup.duckdb");

        await harness.Store.BackupAsync(backup, Cancel);
        await writing;

        // The backup is a snapshot: some prefix of the writes. Every point in it equals the source's.
        var restoredPath = harness.Combine("restored", "metrics.duckdb");
        await EmbeddedMetricStore.RestoreAsync(backup, restoredPath, cancellationToken: Cancel);
        await using var restored = EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = restoredPath, Retention = null, MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero });
        var query = new MetricQuery { Measurement = "cpu", From = StoreHarness.T0, To = StoreHarness.T0.AddHours(2), GroupBy = ["*"] };
        var copy = await restored.QueryAsync(query, Cancel);
        copy.PointCount.ShouldBeGreaterThanOrEqualTo(1000);
        copy.PointCount.ShouldBeLessThanOrEqualTo(samples.Count);
        var byTime = samples.ToDictionary(s => (s.Series.Tag("host"), s.TimeNs), s => s.Value);
        foreach (var series in copy.Series)
            for (var i = 0; i < series.Values.Length; i++)
                series.Values[i].ShouldBe(byTime[(series.Tags["host"], series.TimestampsNs[i])]);
        // Whole batches only: the count is 1000 plus a multiple of the writer's 50-point batches.
        ((copy.PointCount - 1000) % 50 == 0 || copy.PointCount == samples.Count).ShouldBeTrue();

        // A backup of a quiet store restores equal in full, rollups included.
        var full = harness.Combine("backup", "full.duckdb");
        await harness.Store.BackupAsync(full, Cancel);
        await restored.DisposeAsync();
        await EmbeddedMetricStore.RestoreAsync(full, restoredPath, cancellationToken: Cancel);
        await using var again = EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = restoredPath, Retention = null, MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero });
        (await again.QueryAsync(query, Cancel)).PointCount.ShouldBe(samples.Count);
        var restoredMeans = (await again.QueryAsync(MeanPerMinute("c"), Cancel)).Series[0].Values;
        var sourceMeans = (await harness.Store.QueryAsync(MeanPerMinute("c"), Cancel)).Series[0].Values;
        restoredMeans.Length.ShouldBe(sourceMeans.Length);
        // Equal up to the order DuckDB sums in (the copy may lay the append table's rows out differently).
        for (var i = 0; i < sourceMeans.Length; i++) restoredMeans[i].ShouldBe(sourceMeans[i], 1e-9);
        await Should.ThrowAsync<ValidationFailedException>(() => harness.Store.BackupAsync(full, Cancel));
    }

    [Fact]
    public async Task Export_to_csv_and_parquet_reads_back_the_stored_points()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 1);
        await StoreTestData.WriteAsync(harness.Store, samples);
        await harness.Store.CompactAsync(StoreHarness.T0.AddMinutes(30), Cancel);
        var text = new PointBatch();
        text.Add(text.AddSeries(new SeriesKey("events")), "message", Timestamps.ToNanoseconds(StoreHarness.T0), FieldValue.OfString("deployed, v2"));
        await harness.Store.WriteAsync(text, Cancel);
        var csv = harness.Combine("cpu.csv");
        var parquet = harness.Combine("all.parquet");
        var to = StoreHarness.T0.AddMinutes(45);

        (await harness.Store.ExportAsync("cpu", StoreHarness.T0, to, ExportFormat.Csv, csv, Cancel)).ShouldBe(samples.Count(s => s.TimeNs < Timestamps.ToNanoseconds(to)));
        await harness.Store.ExportAsync(null, StoreHarness.T0, to, ExportFormat.Parquet, parquet, Cancel);

        var lines = await File.ReadAllLinesAsync(csv, Cancel);
        lines[0].ShouldBe("time,time_ns,measurement,series,field,value,integer,text");
        lines[1].ShouldStartWith("2024-01-01 00:00:00,1704067200000000000,cpu,\"cpu,host=a,region=eu\",value," + samples[0].Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), sum(value), max(text) FROM read_parquet('{parquet}')";
        using var reader = command.ExecuteReader();
        reader.Read().ShouldBeTrue();
        var expected = samples.Where(s => s.TimeNs < Timestamps.ToNanoseconds(to)).ToList();
        reader.GetInt64(0).ShouldBe(expected.Count + 1);
        reader.GetDouble(1).ShouldBe(expected.Sum(s => s.Value), 1e-6);
        reader.GetString(2).ShouldBe("deployed, v2");
    }

    [Fact]
    public async Task Query_export_writes_the_result_rows()
    {
        await using var harness = new StoreHarness();
        await StoreTestData.WriteAsync(harness.Store, StoreTestData.Cpu(hours: 1));
        var path = harness.Combine("mean.csv");

        var rows = await harness.Store.ExportQueryAsync(MeanPerMinute("a") with { To = StoreHarness.T0.AddMinutes(10) }, ExportFormat.Csv, path, Cancel);

        rows.ShouldBe(10);
        var lines = await File.ReadAllLinesAsync(path, Cancel);
        lines.Length.ShouldBe(11);
        lines[0].ShouldBe("time,time_ns,measurement,tags,field,value");
        lines[1].ShouldStartWith("2024-01-01 00:00:00,1704067200000000000,cpu,\"\",value,");
    }

    [Fact]
    public async Task Read_batches_yields_every_point_with_its_type_in_bounded_chunks()
    {
        await using var harness = new StoreHarness();
        var samples = StoreTestData.Cpu(hours: 1);
        await StoreTestData.WriteAsync(harness.Store, samples);
        var extra = new PointBatch();
        var mem = extra.AddSeries(new SeriesKey("mem"));
        extra.Add(mem, "used", Timestamps.ToNanoseconds(StoreHarness.T0), FieldValue.OfInteger(42));
        extra.Add(mem, "note", Timestamps.ToNanoseconds(StoreHarness.T0), FieldValue.OfString("x"));
        await harness.Store.WriteAsync(extra, Cancel);
        await harness.Store.CompactAsync(StoreHarness.T0.AddMinutes(20), Cancel);

        var rows = new List<(string Series, string Field, long Time, FieldValue Value)>();
        await foreach (var batch in harness.Store.ReadBatchesAsync(null, StoreHarness.T0, StoreHarness.T0.AddHours(1), 500, Cancel))
        {
            batch.Count.ShouldBeLessThanOrEqualTo(500);
            for (var i = 0; i < batch.Count; i++) rows.Add((batch.SeriesAt(i).Canonical, batch.FieldAt(i), batch.TimestampAt(i), batch.ValueAt(i)));
        }

        rows.Count.ShouldBe(samples.Count + 2);
        rows.Select(r => r.Time).ShouldBeInOrder();
        rows.ShouldContain(("mem", "used", Timestamps.ToNanoseconds(StoreHarness.T0), FieldValue.OfInteger(42)));
        rows.ShouldContain(("mem", "note", Timestamps.ToNanoseconds(StoreHarness.T0), FieldValue.OfString("x")));
        rows.Where(r => r.Series.StartsWith("cpu", StringComparison.Ordinal)).Sum(r => r.Value.AsDouble()).ShouldBe(samples.Sum(s => s.Value), 1e-6);
    }

    [Fact]
    public async Task Add_embedded_metric_store_registers_the_store_under_the_data_directory()
    {
        using var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Lightning:DataDirectory", data.Path),
            new("Lightning:Monitoring:Storage:Embedded:MaxSeriesPerMeasurement", "10"),
            new("Lightning:Monitoring:Storage:Embedded:MaintenanceInterval", "00:00:00"),
        ]).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName);
        services.AddEmbeddedMetricStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IMetricStore>();

        store.Kind.ShouldBe("embedded");
        ((EmbeddedMetricStore)store).Path.ShouldBe(Path.Combine(data.Path, "metrics.duckdb"));
        File.Exists(Path.Combine(data.Path, "metrics.duckdb")).ShouldBeTrue();
    }

    [Fact]
    public async Task Checkpoint_threshold_is_set_on_the_database()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "m.duckdb");
        await using var store = EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = path, CheckpointThreshold = "48MB", MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero });

        // DuckDB.NET shares the store's database instance with a connection to the same file in this process.
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('checkpoint_threshold')";
        var value = command.ExecuteScalar()!.ToString()!;

        value.ShouldStartWith("4"); // 48 MB, written by DuckDB as "45.7 MiB" or "48.0 MB" depending on its version
        value.ShouldNotStartWith("15"); // DuckDB's default, 16 MB = "15.2 MiB"
    }

    [Fact]
    public void Invalid_options_are_refused_at_open()
    {
        using var data = new TempDirectory();
        var error = Should.Throw<ValidationFailedException>(() => EmbeddedMetricStore.Open(new EmbeddedStoreOptions
        {
            Path = Path.Combine(data.Path, "m.duckdb"), CompactionChunk = TimeSpan.FromSeconds(90), RetentionByMeasurement = { ["cpu"] = TimeSpan.FromHours(-1) },
        }));
        var range = Should.Throw<ValidationFailedException>(() => EmbeddedMetricStore.Open(new EmbeddedStoreOptions { Path = Path.Combine(data.Path, "m.duckdb"), MaxRawPoints = 0 }));

        error.Message.ShouldContain("CompactionChunk must be a whole number of minutes");
        error.Message.ShouldContain("RetentionByMeasurement[cpu] must not be negative");
        range.Message.ShouldContain("MaxRawPoints");
    }
}
