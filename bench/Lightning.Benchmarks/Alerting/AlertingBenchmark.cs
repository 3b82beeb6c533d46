using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lightning.Benchmarks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lightning.Benchmarks.Alerting;

/// <summary>One breach: from the write of the breaching sample to its firing notification, and from the recovering sample to the resolution.</summary>
internal sealed record BreachTiming(int Index, double FiringSeconds, double ResolvedSeconds);

internal sealed record AlertingResult(IReadOnlyList<BreachTiming> Breaches, int UnexpectedNotifications);

/// <summary>
/// Benchmark 4 of issue 6 on the real server (a child process, <see cref="ServerProcess"/>) with the default alert
/// settings: one threshold rule per breach (so each breach starts its own notification group, as a first breach of a
/// rule does), a webhook channel pointing at a receiver in this process, and samples written through <c>/write</c>
/// with their timestamps. The clock starts before the breaching sample is sent and stops when the webhook carrying
/// that rule's firing alert arrives; a recovering sample then waits for the resolution.
/// </summary>
internal sealed class AlertingBenchmark(ServerProcess server, int breaches, TextWriter output)
{
    const string Alerts = "api/v2/monitoring/alerts";
    const string Measurement = "bench_alert";
    const double Healthy = 10;
    const double Breaching = 99;
    static readonly TimeSpan FiringTimeout = TimeSpan.FromSeconds(120);
    // The resolution waits for group_interval (1 min by default) after the firing notification, as in Alertmanager.
    static readonly TimeSpan ResolvedTimeout = TimeSpan.FromSeconds(240);

    readonly ConcurrentDictionary<(string Rule, string Status), TaskCompletionSource<long>> _arrivals = new();
    int _unexpected;

    static string Rule(int index) => $"BenchBreach{index:D3}";

    static string Host(int index) => $"h{index:D3}";

    public async Task<AlertingResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var receiver = await StartReceiverAsync(cancellationToken);
        var hook = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);

        // Every host has data before its rule exists (the default no-data behaviour would otherwise fire), and a feed keeps
        // idle hosts fresh within the rules' 5-minute window for as long as the run lasts.
        var busy = new int[breaches];
        await WriteAsync(client, Enumerable.Range(0, breaches).Select(i => (i, Healthy)), cancellationToken);
        var channel = await PostAsync(client, $"{Alerts}/channels",
            $$"""{"name":"bench","type":"webhook","url":"{{hook}}/hook","secret":"bench-webhook-secret-0123456789"}""", cancellationToken);
        var channelId = channel.GetProperty("id").GetString();
        await SendAsync(client, HttpMethod.Put, $"{Alerts}/routing", $$$"""{"root":{"channels":["{{{channelId}}}"]}}""", cancellationToken);
        for (var i = 0; i < breaches; i++)
        {
            await PostAsync(client, $"{Alerts}/rules",
                $$$"""{"name":"{{{Rule(i)}}}","query":{"measurement":"{{{Measurement}}}","field":"value","where":[{"key":"host","operator":"equal","value":"{{{Host(i)}}}"}]},"condition":{"type":"threshold","operator":">","threshold":90}}""",
                cancellationToken);
        }

        using var feedStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feed = Task.Run(async () =>
        {
            while (!feedStop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), feedStop.Token).ConfigureAwait(false);
                await WriteAsync(client, Enumerable.Range(0, breaches).Where(i => Volatile.Read(ref busy[i]) == 0).Select(i => (i, Healthy)), feedStop.Token).ConfigureAwait(false);
            }
        }, feedStop.Token);

        // Let every rule run its first evaluations on healthy data, so that breaches land at random points of the interval.
        await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
        var random = new Random(4);
        var runs = new List<Task<BreachTiming>>();
        for (var i = 0; i < breaches; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2_000, 5_000)), cancellationToken);
            var index = i;
            runs.Add(Task.Run(() => BreachAsync(client, index, busy, cancellationToken), cancellationToken));
        }

        var timings = await Task.WhenAll(runs);
        await feedStop.CancelAsync();
        try
        {
            await feed;
        }
        catch (OperationCanceledException)
        {
            // The feed ends here.
        }

        return new AlertingResult(timings, _unexpected);
    }

    async Task<BreachTiming> BreachAsync(HttpClient client, int index, int[] busy, CancellationToken cancellationToken)
    {
        Volatile.Write(ref busy[index], 1);
        var firing = Expect(Rule(index), "firing");
        var resolved = Expect(Rule(index), "resolved");
        var breachAt = Stopwatch.GetTimestamp();
        await WriteAsync(client, [(index, Breaching)], cancellationToken);
        var fired = await firing.Task.WaitAsync(FiringTimeout, cancellationToken)
            .ConfigureAwait(false);
        var recoverAt = Stopwatch.GetTimestamp();
        await WriteAsync(client, [(index, Healthy)], cancellationToken);
        Volatile.Write(ref busy[index], 0);
        var cleared = await resolved.Task.WaitAsync(ResolvedTimeout, cancellationToken).ConfigureAwait(false);
        var timing = new BreachTiming(index, Stopwatch.GetElapsedTime(breachAt, fired).TotalSeconds, Stopwatch.GetElapsedTime(recoverAt, cleared).TotalSeconds);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"     breach {index + 1,3}: notified after {timing.FiringSeconds,5:0.00} s, resolution after {timing.ResolvedSeconds,5:0.00} s"));
        return timing;
    }

    TaskCompletionSource<long> Expect(string rule, string status) =>
        _arrivals.GetOrAdd((rule, status), _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Writes one sample per host, stamped now (nanoseconds), through the InfluxDB-compatible /write.</summary>
    static async Task WriteAsync(HttpClient client, IEnumerable<(int Host, double Value)> samples, CancellationToken cancellationToken)
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var body = new StringBuilder();
        foreach (var (host, value) in samples)
            body.Append(CultureInfo.InvariantCulture, $"{Measurement},host={Host(host)} value={value} {now}\n");
        if (body.Length == 0) return;
        using var content = new StringContent(body.ToString(), Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync(new Uri("write?db=bench&precision=ns", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"/write answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    static async Task<JsonElement> PostAsync(HttpClient client, string path, string json, CancellationToken cancellationToken) =>
        await SendAsync(client, HttpMethod.Post, path, json, cancellationToken);

    static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The webhook receiver: Kestrel on a loopback port; each alert of each delivery is stamped on arrival.</summary>
    async Task<WebApplication> StartReceiverAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            foreach (var alert in payload.RootElement.GetProperty("alerts").EnumerateArray())
            {
                var rule = alert.GetProperty("labels").TryGetProperty("alertname", out var name) ? name.GetString() ?? "" : "";
                var status = alert.GetProperty("status").GetString() ?? "";
                if (!_arrivals.TryGetValue((rule, status), out var waiting) || !waiting.TrySetResult(arrived))
                    Interlocked.Increment(ref _unexpected);
            }

            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        return app;
    }
}
