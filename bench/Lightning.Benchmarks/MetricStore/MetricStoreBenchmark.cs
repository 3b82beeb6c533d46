using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage.Embedded;

namespace Lightning.Benchmarks.MetricStore;

/// <summary>Figures of one side (ours or InfluxDB); NaN where a side has no such figure.</summary>
/// <param name="RawHourColdMs">The raw hour of a different cpu series each run: ours reads it with its chunk cache cold.</param>
internal sealed record MetricStoreSide(double PointsPerSecond, double BytesPerPoint, double FileBytesPerPoint, double[] RawHourMs, double[] RawHourColdMs, double[] DayBucketsMs, double[] DayValues);

internal sealed record MetricStoreResult(long Points, int Series, int CpuSeries, MetricStoreSide Ours, MetricStoreSide Influx, string OursIngestNote);

/// <summary>
/// Issue 6's storage benchmarks: the same generated host metrics into the embedded store (in process) and into InfluxDB
/// 1.6.7 (HTTP line protocol, 10,000-point batches, 4 concurrent writers, precision s); disk per point after compaction;
/// two queries (1 series x 1 h raw; every cpu series x 24 h in 1-minute means), alternating ours and InfluxDB.
/// </summary>
internal sealed class MetricStoreBenchmark(bool quick, string parent, TextWriter output)
{
    const string Database = "bench";
    const int Writers = 4;
    const int InfluxBatchPoints = 10_000;

    readonly int _hosts = quick ? 5 : 25;
    readonly int _cores = 4;
    readonly int _seconds = quick ? 2 * 3600 : 24 * 3600;
    readonly int _queryRuns = quick ? 10 : 60;
    readonly int _rawRepeats = quick ? 1 : 10;

    public async Task<MetricStoreResult> RunAsync(CancellationToken cancellationToken)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        var generator = new HostMetricsGenerator(_hosts, _cores, end - _seconds, _seconds);
        output.WriteLine($"  data     {generator.Series} series ({generator.CpuSeries} cpu float %, {_hosts} mem integer bytes, {_hosts} net integer counters), "
            + $"1 s interval for {_seconds / 3600} h: {generator.Points:#,0} points");
        var directory = Path.Combine(parent, "metricstore-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var options = new EmbeddedStoreOptions
            {
                Path = Path.Combine(directory, "metrics.duckdb"), Retention = null, MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero,
                MaxRawPoints = 10_000_000,
            };
            await using var ours = EmbeddedMetricStore.Open(options);
            await using var influx = await InfluxProcess.StartAsync(directory, cancellationToken);
            output.WriteLine($"  ours     embedded DuckDB store at {options.Path}; InfluxDB: {influx}, data under {influx.Directory}");

            var oursRate = await IngestOursAsync(ours, generator, cancellationToken);
            output.WriteLine($"  ingest   ours {oursRate:#,0} points/s in process");
            var influxRate = await IngestInfluxAsync(influx, generator, cancellationToken);
            output.WriteLine($"  ingest   InfluxDB {influxRate:#,0} points/s over HTTP");

            // Ours as it runs: closed chunks compacted, the newest minutes still in the append table.
            await ours.CompactAsync(DateTimeOffset.FromUnixTimeSeconds(end - 20 * 60), cancellationToken);
            var influxBytes = await WaitForInfluxCompactionAsync(influx, cancellationToken);

            var cpuKey = generator.CpuKeys(_cores)[0];
            var hourFrom = DateTimeOffset.FromUnixTimeSeconds(end - 3600);
            var dayFrom = DateTimeOffset.FromUnixTimeSeconds(end - _seconds);
            var to = DateTimeOffset.FromUnixTimeSeconds(end);
            var rawQuery = new MetricQuery
            {
                Measurement = "cpu", Field = "usage", From = hourFrom, To = to,
                Where = [new TagFilter("host", TagOperator.Equal, cpuKey.Tag("host")!), new TagFilter("cpu", TagOperator.Equal, cpuKey.Tag("cpu")!)],
            };
            var dayQuery = new MetricQuery { Measurement = "cpu", Field = "usage", From = dayFrom, To = to, Aggregate = Aggregate.Mean, Every = TimeSpan.FromMinutes(1) };
            var rawInfluxQl = $"SELECT usage FROM cpu WHERE host = '{cpuKey.Tag("host")}' AND cpu = '{cpuKey.Tag("cpu")}' AND time >= {end - 3600}s AND time < {end}s";
            var dayInfluxQl = $"SELECT mean(usage) FROM cpu WHERE time >= {end - _seconds}s AND time < {end}s GROUP BY time(1m)";

            // Answers first: both sides must agree before their timings mean anything.
            var ourRaw = await ours.QueryAsync(rawQuery, cancellationToken);
            var ourDay = await ours.QueryAsync(dayQuery, cancellationToken);
            var influxRaw = Values(await influx.QueryAsync(Database, rawInfluxQl, cancellationToken));
            var influxDay = Values(await influx.QueryAsync(Database, dayInfluxQl, cancellationToken));
            Check("1 series x 1 h raw", ourRaw.Series.Single().Values, influxRaw);
            Check("cpu x 24 h 1-minute means", ourDay.Series.Single().Values, influxDay);

            // The same raw hour of another series each run (never read before by ours): the uncached path of the chunk cache.
            var cpuKeys = generator.CpuKeys(_cores);
            MetricQuery ColdQuery(int run) => rawQuery with
            {
                Where = [new TagFilter("host", TagOperator.Equal, cpuKeys[1 + run % (cpuKeys.Length - 1)].Tag("host")!),
                    new TagFilter("cpu", TagOperator.Equal, cpuKeys[1 + run % (cpuKeys.Length - 1)].Tag("cpu")!)],
            };
            string ColdInfluxQl(int run) =>
                $"SELECT usage FROM cpu WHERE host = '{cpuKeys[1 + run % (cpuKeys.Length - 1)].Tag("host")}' AND cpu = '{cpuKeys[1 + run % (cpuKeys.Length - 1)].Tag("cpu")}' AND time >= {end - 3600}s AND time < {end}s";
            var oursCold = new List<double>();
            var theirsCold = new List<double>();
            var oursRaw = new List<double>();
            var oursDay = new List<double>();
            var theirsRaw = new List<double>();
            var theirsDay = new List<double>();
            var hotRuns = new List<RunCost>();
            var coldRuns = new List<RunCost>();
            var loopPause = GC.GetTotalPauseDuration();
            var (loopGen0, loopGen1, loopGen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            for (var run = -3; run < _queryRuns; run++)
            {
                // The raw hour is a sub-millisecond query for ours: its p99 needs hundreds of samples, or it is just the
                // slowest of a few dozen (one scheduler hiccup). Both sides get the same repeats, alternating.
                var hots = new List<RunCost>(_rawRepeats);
                var theirsHot = new List<double>(_rawRepeats);
                for (var repeat = 0; repeat < _rawRepeats; repeat++)
                {
                    hots.Add(await TimeWithCostsAsync(() => ours.QueryAsync(rawQuery, cancellationToken)));
                    theirsHot.Add(await TimeAsync(() => influx.QueryBodyAsync(Database, rawInfluxQl, cancellationToken)));
                }

                var c = await TimeAsync(() => ours.QueryAsync(dayQuery, cancellationToken));
                var d = await TimeAsync(() => influx.QueryBodyAsync(Database, dayInfluxQl, cancellationToken));
                var cold = await TimeWithCostsAsync(() => ours.QueryAsync(ColdQuery(run + 3), cancellationToken));
                var e = cold.Ms;
                var f = await TimeAsync(() => influx.QueryBodyAsync(Database, ColdInfluxQl(run + 3), cancellationToken));
                if (run < 0) continue; // warm-up
                oursCold.Add(e);
                hotRuns.AddRange(hots);
                coldRuns.Add(cold);
                theirsCold.Add(f);
                oursRaw.AddRange(hots.Select(hot => hot.Ms));
                theirsRaw.AddRange(theirsHot);
                oursDay.Add(c);
                theirsDay.Add(d);
            }

            // The whole loop's collections (both sides' client work included): a load-independent figure of the GC's share.
            output.WriteLine($"  gc       during the query loop: {GC.CollectionCount(0) - loopGen0}/{GC.CollectionCount(1) - loopGen1}/{GC.CollectionCount(2) - loopGen2} "
                + $"collections (gen0/1/2), {(GC.GetTotalPauseDuration() - loopPause).TotalMilliseconds:0.0} ms paused");
            output.WriteLine("  slowest  ours, same series: " + Slowest(hotRuns));
            output.WriteLine("  slowest  ours, another series: " + Slowest(coldRuns));
            output.WriteLine("  parts    " + StatementCosts(options.Path!, cpuKey.Canonical, end - 3600, end));

            // Disk: everything compacted (as the store is once the newest chunk closes).
            await ours.CompactAsync(DateTimeOffset.FromUnixTimeSeconds(end), cancellationToken);
            var stats = await ours.StatisticsAsync(cancellationToken);
            output.WriteLine($"  disk     ours {stats.UsedBytes:#,0} bytes of used blocks ({stats.FileBytes:#,0} file, {stats.WalBytes:#,0} WAL) for {stats.Points:#,0} points; "
                + $"InfluxDB {influxBytes.Data:#,0} bytes of data (TSM + index) and {influxBytes.Wal:#,0} WAL");
            output.WriteLine("  disk     ours by table: " + DiskByTable(options.Path!));
            return new MetricStoreResult(generator.Points, generator.Series, generator.CpuSeries,
                new MetricStoreSide(oursRate, (double)stats.UsedBytes / stats.Points, (double)(stats.FileBytes + stats.WalBytes) / stats.Points, [.. oursRaw], [.. oursCold], [.. oursDay], ourDay.Series[0].Values),
                new MetricStoreSide(influxRate, (double)(influxBytes.Data + influxBytes.Wal) / generator.Points, (double)(influxBytes.Data + influxBytes.Wal) / generator.Points, [.. theirsRaw], [.. theirsCold], [.. theirsDay], influxDay),
                $"{Writers} concurrent writers of {InfluxBatchPoints:#,0}-point batches, commit (WAL fsync) per group");
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    async Task<double> IngestOursAsync(EmbeddedMetricStore store, HostMetricsGenerator generator, CancellationToken cancellationToken)
    {
        var cpuKeys = generator.CpuKeys(_cores);
        var memKeys = generator.HostKeys("mem");
        var netKeys = generator.HostKeys("net");
        // Batches are made before the clock starts, a window at a time, so that the figure is the store's, not the generator's.
        var secondsPerChunk = Math.Max(1, InfluxBatchPoints / generator.Series);
        var elapsed = TimeSpan.Zero;
        foreach (var window in generator.Chunks(secondsPerChunk).Chunk(200))
        {
            var batches = window.Select(c => c.ToBatch(_cores, cpuKeys, memKeys, netKeys)).ToArray();
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < batches.Length) await store.WriteAsync(batches[index], cancellationToken);
            }, cancellationToken)));
            elapsed += Stopwatch.GetElapsedTime(started);
        }
        return generator.Points / elapsed.TotalSeconds;
    }

    async Task<double> IngestInfluxAsync(InfluxProcess influx, HostMetricsGenerator generator, CancellationToken cancellationToken)
    {
        await influx.QueryAsync(string.Empty, $"CREATE DATABASE {Database}", cancellationToken);
        var secondsPerChunk = Math.Max(1, InfluxBatchPoints / generator.Series);
        var elapsed = TimeSpan.Zero;
        var text = new StringBuilder();
        foreach (var window in generator.Chunks(secondsPerChunk).Chunk(200))
        {
            var bodies = window.Select(c =>
            {
                text.Clear();
                c.ToLineProtocol(_cores, text);
                return Encoding.UTF8.GetBytes(text.ToString());
            }).ToArray();
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < bodies.Length) await influx.WriteAsync(Database, bodies[index], cancellationToken);
            }, cancellationToken)));
            elapsed += Stopwatch.GetElapsedTime(started);
        }
        return generator.Points / elapsed.TotalSeconds;
    }

    /// <summary>Waits until InfluxDB has snapshotted its cache and compacted (the data directory stops changing for 15 s), then measures it.</summary>
    async Task<(long Data, long Wal)> WaitForInfluxCompactionAsync(InfluxProcess influx, CancellationToken cancellationToken)
    {
        var last = -1L;
        var stableSince = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * (quick ? 60 : 300);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var size = InfluxProcess.DirectoryBytes(influx.DataDirectory);
            var tmp = Directory.Exists(influx.DataDirectory) && Directory.EnumerateFiles(influx.DataDirectory, "*.tmp", SearchOption.AllDirectories).Any();
            if (size != last || tmp)
            {
                last = size;
                stableSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(stableSince) > TimeSpan.FromSeconds(15) && InfluxProcess.DirectoryBytes(influx.WalDirectory) < 1_000_000)
            {
                break;
            }
            await Task.Delay(1000, cancellationToken);
        }
        return (InfluxProcess.DirectoryBytes(influx.DataDirectory), InfluxProcess.DirectoryBytes(influx.WalDirectory));
    }

    /// <summary>
    /// Where ours' used blocks go: the encoded chunk bytes (exact) and, per table, the distinct blocks its segments sit in
    /// (approximate: small segments of several tables can share a block). A second connection to the open file shares
    /// the store's database instance.
    /// </summary>
    static string DiskByTable(string path)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}");
        connection.Open();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        var parts = new List<string> { $"chunk payload {Scalar("SELECT CAST(sum(octet_length(data)) AS BIGINT) FROM chunks")} bytes in {Scalar("SELECT count(*) FROM chunks")} rows" };
        foreach (var table in (string[])["chunks", "rollup_1m", "rollup_1h", "recent", "series", "strings", "state"])
            parts.Add($"{table} {Scalar($"SELECT count(DISTINCT block_id) FROM pragma_storage_info('{table}') WHERE block_id >= 0")} blocks");
        return string.Join(", ", parts) + $" (block {Scalar("SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()")} bytes)";
    }

    /// <summary>
    /// What one DuckDB.NET statement costs on its own (p50/p99 over 60 runs on a second connection to the open store),
    /// for the raw hour query's parts: an empty statement, the chunk fetch, and the append-table scan for one series.
    /// </summary>
    static string StatementCosts(string path, string series, long fromSeconds, long toSeconds)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}");
        connection.Open();
        var from = fromSeconds * 1_000_000_000L;
        var to = toSeconds * 1_000_000_000L;
        long sid;
        using (var lookup = connection.CreateCommand())
        {
            lookup.CommandText = $"SELECT id FROM series WHERE series = '{series.Replace("'", "''", StringComparison.Ordinal)}' AND field = 'usage'";
            sid = Convert.ToInt64(lookup.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        string Time(string sql)
        {
            var runs = new List<double>();
            for (var run = -3; run < 60; run++)
            {
                var started = Stopwatch.GetTimestamp();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = sql;
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) _ = reader.GetValue(0);
                }
                if (run >= 0) runs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            runs.Sort();
            return $"{runs[runs.Count / 2]:0.000}/{runs[(int)Math.Ceiling(runs.Count * 0.99) - 1]:0.000} ms";
        }
        return $"statement p50/p99: SELECT 1 {Time("SELECT 1")}; chunks of the hour {Time($"SELECT sid, w, data FROM chunks WHERE sid IN ({sid}) AND w >= {from - from % 3_600_000_000_000L} AND w < {to}")}; "
            + $"append-table rows of the series {Time($"SELECT sid, t, coalesce(f, CAST(i AS DOUBLE)) FROM recent WHERE sid IN ({sid}) AND t >= {from} AND t < {to}")}";
    }

    /// <summary>One timed query of ours and what the process did meanwhile: GC pause and collections, bytes allocated.</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
    internal readonly record struct RunCost(double Ms, double GcPauseMs, int Gen0, int Gen1, int Gen2, long AllocatedBytes);

    /// <summary>
    /// Times one query with the GC's pause time and collections during it, so that a slow run shows whether the query
    /// or a pause of the process made it slow.
    /// </summary>
    static async Task<RunCost> TimeWithCostsAsync<T>(Func<Task<T>> action)
    {
        var pause = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await action();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new RunCost(ms, (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    /// <summary>The three slowest runs with their GC pause, collections and allocation, and how many runs had a GC at all.</summary>
    static string Slowest(List<RunCost> runs)
    {
        var withGc = runs.Count(r => r.Gen0 + r.Gen1 + r.Gen2 > 0);
        var slowest = runs.OrderByDescending(r => r.Ms).Take(3).Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{r.Ms:0.000} ms (GC pause {r.GcPauseMs:0.000} ms, collections {r.Gen0}/{r.Gen1}/{r.Gen2})"));
        var allocated = runs.Select(r => r.AllocatedBytes).Order().ToList()[runs.Count / 2];
        return $"{string.Join(", ", slowest)}; {withGc} of {runs.Count} runs had a GC; median allocation {allocated:#,0} bytes per query";
    }

    static async Task<double> TimeAsync<T>(Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>The second column of every row of InfluxDB's JSON answer (nulls as NaN).</summary>
    static double[] Values(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new List<double>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out var series)) continue;
            foreach (var s in series.EnumerateArray())
                foreach (var row in s.GetProperty("values").EnumerateArray())
                    values.Add(row[1].ValueKind == JsonValueKind.Null ? double.NaN : row[1].GetDouble());
        }
        return [.. values];
    }

    void Check(string name, double[] ours, double[] influx)
    {
        var differ = ours.Length != influx.Length
            ? ours.Length
            : ours.Where((v, i) => !(double.IsNaN(v) && double.IsNaN(influx[i])) && Math.Abs(v - influx[i]) > 1e-9 * Math.Max(1, Math.Abs(v))).Count();
        if (ours.Length != influx.Length || differ > 0)
            throw new InvalidOperationException($"{name}: ours returned {ours.Length} values, InfluxDB {influx.Length}; {differ} differ.");
        output.WriteLine($"  answers  {name}: {ours.Length} values, equal on both sides");
    }
}
