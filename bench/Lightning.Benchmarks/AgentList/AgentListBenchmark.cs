using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lightning.Benchmarks.Hosting;

namespace Lightning.Benchmarks.AgentList;

/// <summary>
/// <c>GET /api/v2/agents</c> under N concurrent closed-loop clients: our HttpClient load generator and wrk, run
/// alternately (ours first in odd rounds, wrk first in even ones) against the same server.
/// </summary>
internal static class AgentListBenchmark
{
    public static readonly Uri Path = new("api/v2/agents", UriKind.Relative);

    public static async Task<AgentListResult> RunAsync(ServerProcess server, BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var (agents, bytes) = await CheckResponseAsync(server, cancellationToken);
        log.WriteLine($"  response: {agents} agents, {bytes:#,0} bytes of JSON");

        var wrk = options.SkipWrk ? null : WrkLoad.Find();
        var wrkSkipped = options.SkipWrk ? "skipped (--skip-wrk)"
            : wrk is null ? "skipped: wrk is not installed (apt-get install wrk)"
            : null;
        if (wrkSkipped is not null)
        {
            log.WriteLine($"  wrk {wrkSkipped}");
        }
        else
        {
            log.WriteLine($"  wrk command: {wrk} {string.Join(' ', WrkLoad.Arguments(server, Path, options.Clients, 2, options.Duration).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)).Replace(server.ApiKey, "KEY", StringComparison.Ordinal)}");
        }

        // Warms the server (JIT tiering, connection pools, caches); nothing of it is recorded.
        log.WriteLine($"  warm-up: {options.Warmup.TotalSeconds:0.#} s of HttpClient load");
        await HttpClientLoad.RunAsync(server, Path, options.Clients, TimeSpan.Zero, options.Warmup, cancellationToken);

        List<LoadResult> ours = [];
        List<LoadResult> theirs = [];
        for (var round = 1; round <= options.Rounds; round++)
        {
            var wrkFirst = round % 2 == 0;
            if (wrkFirst && wrk is not null)
            {
                theirs.Add(Logged(await WrkLoad.RunAsync(wrk, server, Path, options.Clients, 2, options.Duration, cancellationToken), round, log));
            }

            // Half a second to open the client's connections, so neither side measures its connection set-up.
            ours.Add(Logged(await HttpClientLoad.RunAsync(server, Path, options.Clients, TimeSpan.FromSeconds(0.5), options.Duration, cancellationToken), round, log));
            if (!wrkFirst && wrk is not null)
            {
                theirs.Add(Logged(await WrkLoad.RunAsync(wrk, server, Path, options.Clients, 2, options.Duration, cancellationToken), round, log));
            }
        }

        return new AgentListResult(agents, bytes, ours, theirs, wrkSkipped);
    }

    static LoadResult Logged(LoadResult result, int round, TextWriter log)
    {
        log.WriteLine($"  round {round} {result.Client,-10}: {result.RequestsPerSecond,8:#,0} req/s  p50 {result.P50Ms:0.000} ms  p99 {result.P99Ms:0.000} ms  max {result.MaxMs:0.0} ms  errors {result.Errors}");
        return result;
    }

    /// <summary>The load is only meaningful if the endpoint answers the real list: check it once.</summary>
    static async Task<(int Agents, int Bytes)> CheckResponseAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        using var response = await client.GetAsync(Path, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{Path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        using var json = JsonDocument.Parse(body);
        var names = json.RootElement.EnumerateArray().Select(agent => agent.GetProperty("name").GetString()).ToList();
        if (!names.Contains("devops-engineer", StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"The agent list does not contain the seeded agents: {string.Join(", ", names)}");
        }

        return (names.Count, body.Length);
    }
}
