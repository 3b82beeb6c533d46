using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>monitor query</c> against a real server and its embedded store, over points written into it.</summary>
public sealed class MonitorQueryCommandTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    RealServer _server = null!;
    string _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync();
        _viewer = (await _server.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
        var batch = new PointBatch();
        for (var i = 0; i < 60; i++)
        {
            batch.Add("http_requests", [new("host", "web-1")], "latency_ms", Timestamps.ToNanoseconds(Start.AddMinutes(i)), i);
            batch.Add("http_requests", [new("host", "web-2")], "latency_ms", Timestamps.ToNanoseconds(Start.AddMinutes(i)), 50);
        }

        await _server.App.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Query_Buckets_PrintsEachSeriesSummaryAndPoints()
    {
        var run = await RunAsync(["monitor", "query", "http_requests", "--field", "latency_ms", "--from", "2026-11-24T10:00:00Z",
            "--to", "2026-11-24T11:00:00Z", "--aggregate", "max", "--every", "30m", "--group-by", "host"]);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("http_requests.latency_ms max every 30m {host=web-1}: 2 points, min 29, mean 44, max 59, last 59");
        run.Stdout.ShouldContain("http_requests.latency_ms max every 30m {host=web-2}: 2 points, min 50, mean 50, max 50, last 50");
        run.Stdout.ShouldContain("2026-11-24 10:30:00.000");
    }

    [Fact]
    public async Task Query_RawPointsOfOneHost_ShowsTheNewestAndJsonHasThemAll()
    {
        var text = await RunAsync(["monitor", "query", "http_requests", "--field", "latency_ms", "--where", "host=web-1",
            "--from", "2026-11-24T10:00:00Z", "--to", "2026-11-24T11:00:00Z", "--points", "3"]);
        var json = await RunAsync(["monitor", "query", "http_requests", "--field", "latency_ms", "--where", "host=web-1",
            "--from", "2026-11-24T10:00:00Z", "--to", "2026-11-24T11:00:00Z", "--json"]);

        text.ExitCode.ShouldBe(ExitCodes.Ok, text.ToString());
        text.Stdout.ShouldContain("60 points, min 0, mean 29.5, max 59, last 59");
        text.Stdout.ShouldContain("2026-11-24 10:59:00.000");
        text.Stdout.ShouldNotContain("2026-11-24 10:56:00.000");
        json.ExitCode.ShouldBe(ExitCodes.Ok, json.ToString());
        json.Stdout.ShouldContain("\"points\": 60");
    }

    [Fact]
    public async Task Query_BadInput_IsOneLineAndAUsageExitCode()
    {
        var every = await RunAsync(["monitor", "query", "http_requests", "--every", "1m"]);
        var where = await RunAsync(["monitor", "query", "http_requests", "--where", "host"]);
        var unknown = await RunAsync(["monitor", "query", "no_such_measurement", "--from", "now-1h"]);

        every.ExitCode.ShouldBe(ExitCodes.Usage, every.ToString());
        every.Stderr.ShouldContain("--every needs --aggregate");
        where.ExitCode.ShouldBe(ExitCodes.Usage, where.ToString());
        where.Stderr.ShouldContain("'host' is not a tag filter");
        unknown.ExitCode.ShouldNotBe(ExitCodes.Ok, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem().ShouldContain("no_such_measurement");
    }

    Task<CliRun> RunAsync(string[] args) => CliRun.ExecuteAsync(args, new Dictionary<string, string?>
    {
        [GlobalOptions.ServerVariable] = _server.Address.ToString(),
        [GlobalOptions.ApiKeyVariable] = _viewer,
    }, Token);
}
