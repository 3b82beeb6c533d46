using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks.AgentList;

/// <summary>
/// Our load generator: N clients in a closed loop (each sends its next request when the previous answer has been read
/// in full) over one shared <see cref="HttpClient"/> with a keep-alive connection per client. Each request's latency is
/// two Stopwatch timestamps, kept per client and merged at the end.
/// </summary>
internal static class HttpClientLoad
{
    public static async Task<LoadResult> RunAsync(ServerProcess server, Uri path, int clients, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var serverUse = MeasureServerAsync(server, measureFrom, measureTo, cancellationToken);
        var workers = Enumerable.Range(0, clients)
            .Select(_ => Task.Run(() => WorkerAsync(client, path, measureFrom, measureTo, cancellationToken), cancellationToken))
            .ToArray();
        var results = await Task.WhenAll(workers);

        var (cpu, gc) = await serverUse;
        var latencies = results.SelectMany(r => r.Latencies).Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return new LoadResult(
            "HttpClient",
            latencies.Length,
            results.Sum(r => r.Errors),
            duration.TotalSeconds,
            Stats.Percentile(latencies, 0.50),
            Stats.Percentile(latencies, 0.90),
            Stats.Percentile(latencies, 0.99),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            cpu.TotalSeconds,
            gc.PauseMs,
            gc.Gen0,
            server.WorkingSetMiB);
    }

    static async Task<(List<long> Latencies, long Errors)> WorkerAsync(HttpClient client, Uri path, long measureFrom, long measureTo, CancellationToken cancellationToken)
    {
        var latencies = new List<long>(16_384);
        long errors = 0;
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= measureTo)
            {
                break;
            }

            bool ok;
            try
            {
                // The default completion option reads the whole body before returning, as a real client would.
                using var response = await client.GetAsync(path, cancellationToken);
                ok = response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentLength > 0;
            }
            catch (HttpRequestException)
            {
                ok = false;
            }

            var received = Stopwatch.GetTimestamp();
            if (sent >= measureFrom)
            {
                latencies.Add(received - sent);
                if (!ok)
                {
                    errors++;
                }
            }
        }

        return (latencies, errors);
    }

    /// <summary>The server's CPU time and GC between the two timestamps.</summary>
    static async Task<(TimeSpan Cpu, GcSnapshot Gc)> MeasureServerAsync(ServerProcess server, long from, long to, CancellationToken cancellationToken)
    {
        await Task.Delay(Until(from), cancellationToken);
        var cpu = server.CpuTime;
        var gc = server.Gc;
        await Task.Delay(Until(to), cancellationToken);
        return (server.CpuTime - cpu, server.Gc - gc);

        static TimeSpan Until(long timestamp) => TimeSpan.FromTicks(Math.Max(0, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).Ticks));
    }
}
