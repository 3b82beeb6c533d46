using System.Net.Http.Headers;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Ingest;
using Lightning.Benchmarks.MetricStore;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks;

// --only ingest: benchmark 1 of issue 6, HTTP line-protocol ingest through the real server (embedded store) vs influxd.
internal static partial class BenchmarkRunner
{
    const double IngestTarget = 2.0;

    static async Task<int> RunIngestAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var batches = options.IngestBodies;
        const int lines = 5_000;
        var writers = options.Quick ? 2 : 4;
        var rounds = options.Quick ? 1 : Math.Max(1, Math.Min(options.Rounds, 9));
        output.WriteLine();
        output.WriteLine($"1 (issue 6). HTTP ingest: {batches} bodies of {lines} lines (4 fields each, 1,000 series, precision=s), {writers} concurrent writers, "
            + $"median and best of {rounds} rounds after a full-size warm-up round; load average before {MachineInfo.LoadAverageNow()} (shared machine)");
        output.WriteLine("   ours: the real server (child process, server GC, Production), POST /write with 'Authorization: Token <API key>', rate limiter "
            + "set high (Lightning:RateLimit:PermitsPerSecond/Burst = 10M, as for a Telegraf feed), embedded DuckDB store (group commit; 204 = committed)");
        output.WriteLine("   influxd 1.6.7: started by the bench (WAL fsync on every write, its default; no auth), database created first");

        ServerProcess server;
        try
        {
            server = await ServerProcess.StartAsync(options.DataParent, options.ServerEnvironment, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"error: the server did not start: {ex.Message}");
            return ExitFailed;
        }

        await using var _ = server;
        InfluxProcess influx;
        try
        {
            influx = await InfluxProcess.StartAsync(options.DataParent ?? Path.GetTempPath(), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"error: influxd did not start ({ex.Message}); install the Debian 'influxdb' package");
            return ExitFailed;
        }

        await using var __ = influx;
        using var ours = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        ours.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", server.ApiKey);
        const string database = "bench";
        await influx.QueryAsync(database, $"CREATE DATABASE \"{database}\"", cancellationToken);
        var bench = new IngestBenchmark(lines, writers);
        try
        {
            // Warm-up, as large as a round: tiered JIT on our side (20 bodies left round 1 at a third of round 3's rate),
            // the series catalog on ours and the series index on influxd's.
            var warm = IngestBenchmark.Generate(batches, lines, round: 0);
            await bench.SendAsync("ours", ours, "write?db=bench&precision=s", warm, cancellationToken);
            await bench.SendAsync("influxd", influx.Http, $"write?db={database}&precision=s", warm, cancellationToken);

            IngestSide? bestOurs = null, bestInflux = null;
            var oursRates = new List<double>();
            var influxRates = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var bodies = IngestBenchmark.Generate(batches, lines, round);
                var gcBefore = server.Gc;
                var oursCpu = server.CpuTime;
                var o = await bench.SendAsync("ours", ours, "write?db=bench&precision=s", bodies, cancellationToken);
                oursCpu = server.CpuTime - oursCpu;
                await Task.Delay(150, cancellationToken); // the child reports its GC figures every 100 ms
                var gc = server.Gc - gcBefore;
                if (bestOurs is null || o.PointsPerSecond > bestOurs.PointsPerSecond) bestOurs = o;
                oursRates.Add(o.PointsPerSecond);
                var influxCpu = influx.CpuTime;
                var i = await bench.SendAsync("influxd", influx.Http, $"write?db={database}&precision=s", bodies, cancellationToken);
                influxCpu = influx.CpuTime - influxCpu;
                if (bestInflux is null || i.PointsPerSecond > bestInflux.PointsPerSecond) bestInflux = i;
                influxRates.Add(i.PointsPerSecond);
                output.WriteLine($"   round {round}: ours {o.PointsPerSecond,12:N0} points/s ({o.Seconds:0.000} s), influxd {i.PointsPerSecond,12:N0} points/s ({i.Seconds:0.000} s); "
                    + $"our server's GC in the round: {gc.PauseMs:0} ms paused, {gc.Gen0} collections, {gc.Gen2} gen2; "
                    // CPU per point is what a loaded machine changes least: it shows where a change helped when the rates are noise.
                    + $"server CPU per million points: ours {oursCpu.TotalSeconds * 1e6 / o.Points:0.000} s, influxd {influxCpu.TotalSeconds * 1e6 / i.Points:0.000} s");
            }

            // The verdict is on the medians (the team's benchmark rules); the best rounds are shown beside them.
            var ratio = Stats.Median(oursRates) / Stats.Median(influxRates);
            output.WriteLine($"   best: ours {bestOurs!.PointsPerSecond:N0} points/s, influxd {bestInflux!.PointsPerSecond:N0} points/s, ratio {bestOurs.PointsPerSecond / bestInflux.PointsPerSecond:0.00}x");
            output.WriteLine($"   median: ours {Stats.Median(oursRates):N0} points/s, influxd {Stats.Median(influxRates):N0} points/s, ratio {ratio:0.00}x (target ≥ {IngestTarget:0.0}x); "
                + $"load average after {MachineInfo.LoadAverageNow()}");
            return options.Quick || ratio >= IngestTarget ? ExitOk : ExitFailed;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine($"error: {ex.Message}\nserver output:\n{server.RecentLog()}");
            return ExitFailed;
        }
    }
}
