using System.Text.Json;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>monitor analyze ...</c>, <c>monitor event add</c> and <c>monitor events</c> against a real server and its embedded store.</summary>
public sealed class MonitorAnalyzeCommandTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    const string From = "2026-11-24T10:00:00Z";
    const string To = "2026-11-24T16:00:00Z";
    RealServer _server = null!;
    string _viewer = null!;
    string _operator = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync();
        var keys = _server.App.Services.GetRequiredService<ApiKeyStore>();
        _viewer = (await keys.CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
        _operator = (await keys.CreateAsync("cli-operator", ApiKeyRole.Operator, "tests", Token)).Key;
        var random = new Random(3);
        var batch = new PointBatch();
        for (var i = 0; i < 360; i++)
        {
            var t = Timestamps.ToNanoseconds(Start.AddMinutes(i));
            batch.Add("app", [new("host", "web-1")], "latency_ms", t, i == 300 ? 200 : 50 + random.NextDouble() * 2);
            batch.Add("app", [new("host", "web-2")], "latency_ms", t, (i >= 200 ? 80 : 50) + random.NextDouble() * 2);
            batch.Add("disk", [new("host", "web-1")], "used_percent", t, 40 + 0.05 * i + random.NextDouble() * 0.2);
        }

        await _server.App.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Anomalies_Capacity_AndTrends_PrintTables()
    {
        var anomalies = await RunAsync(["monitor", "analyze", "anomalies", "app", "--field", "latency_ms", "--where", "host=web-1", "--from", From, "--to", To]);
        var capacity = await RunAsync(["monitor", "analyze", "capacity", "disk", "--field", "used_percent", "--group-by", "host", "--limit", "100", "--from", From, "--to", To]);
        var trends = await RunAsync(["monitor", "analyze", "trends", "app", "--field", "latency_ms", "--group-by", "host", "--from", From, "--to", To]);

        anomalies.ExitCode.ShouldBe(ExitCodes.Ok, anomalies.ToString());
        anomalies.Stdout.ShouldContain("1 series, 1 anomalous span(s)");
        anomalies.Stdout.ShouldContain("2026-11-24 15:00");
        anomalies.Stdout.ShouldContain("ewma");
        capacity.ExitCode.ShouldBe(ExitCodes.Ok, capacity.ToString());
        capacity.Stdout.ShouldContain("disk.used_percent{host=web-1}");
        capacity.Stdout.ShouldContain("will-reach-limit");
        capacity.Stdout.ShouldContain("2026-11-25 0"); // 1200 minutes after 10:00 is 06:00 the next day
        trends.ExitCode.ShouldBe(ExitCodes.Ok, trends.ToString());
        trends.Stdout.ShouldContain("app.latency_ms{host=web-2}");
        trends.Stdout.ShouldContain("rising");
        trends.Stdout.ShouldContain("2026-11-24 13:2"); // the step at 13:20
    }

    [Fact]
    public async Task EventAdd_ThenEvents_AndRootCause_RankTheDeploymentFirst()
    {
        var added = await RunAsync(["monitor", "event", "add", "--kind", "deployment", "--title", "api v2", "--at", "2026-11-24T14:58:00Z", "--label", "host=web-1", "--text", "sha 1234"], _operator);
        var listed = await RunAsync(["monitor", "events", "--from", "2026-11-24T14:00:00Z", "--to", To]);
        var cause = await RunAsync(["monitor", "analyze", "root-cause", "app", "--field", "latency_ms", "--where", "host=web-1", "--onset", "2026-11-24T15:00:00Z", "--json"]);
        var text = await RunAsync(["monitor", "analyze", "root-cause", "--onset", "2026-11-24T15:00:00Z"]);

        added.ExitCode.ShouldBe(ExitCodes.Ok, added.ToString());
        added.Stdout.ShouldContain("Recorded deployment 'api v2' at 2026-11-24 14:58 UTC");
        listed.ExitCode.ShouldBe(ExitCodes.Ok, listed.ToString());
        listed.Stdout.ShouldContain("deployment");
        listed.Stdout.ShouldContain("{host=web-1}");
        listed.Stdout.ShouldContain("cli-operator");
        cause.ExitCode.ShouldBe(ExitCodes.Ok, cause.ToString());
        using var json = JsonDocument.Parse(cause.Stdout);
        var first = json.RootElement.GetProperty("hints")[0];
        first.GetProperty("source").GetString().ShouldBe("event");
        first.GetProperty("title").GetString().ShouldBe("api v2");
        text.ExitCode.ShouldBe(ExitCodes.Ok, text.ToString());
        text.Stdout.ShouldContain("1 event(s) in the window");
        text.Stdout.ShouldContain("deployment 'api v2' 2 minutes before the alert");
    }

    [Fact]
    public async Task BadInput_IsOneLineAndANonZeroExit()
    {
        var noLimit = await RunAsync(["monitor", "analyze", "capacity", "disk"]);
        var noOnset = await RunAsync(["monitor", "analyze", "root-cause", "app"]);
        var badLabel = await RunAsync(["monitor", "event", "add", "--kind", "deployment", "--title", "x", "--label", "oops"], _operator);
        var tooWide = await RunAsync(["monitor", "analyze", "trends", "app", "--from", "2020-01-01T00:00:00Z", "--to", "2026-11-24T00:00:00Z"]);
        var viewerAdds = await RunAsync(["monitor", "event", "add", "--kind", "deployment", "--title", "x"]);

        noLimit.ExitCode.ShouldBe(ExitCodes.Usage, noLimit.ToString());
        noLimit.Stderr.ShouldContain("--limit");
        noOnset.ExitCode.ShouldBe(ExitCodes.Usage, noOnset.ToString());
        noOnset.Stderr.ShouldContain("Give --alert ID or --onset TIME.");
        badLabel.ExitCode.ShouldBe(ExitCodes.Usage, badLabel.ToString());
        badLabel.Stderr.ShouldContain("--label 'oops' is not key=value.");
        tooWide.ExitCode.ShouldNotBe(ExitCodes.Ok, tooWide.ToString());
        tooWide.ErrorLines.ShouldHaveSingleItem().ShouldContain("wider than the 90 days");
        viewerAdds.ExitCode.ShouldNotBe(ExitCodes.Ok, viewerAdds.ToString());
    }

    Task<CliRun> RunAsync(string[] args, string? key = null) => CliRun.ExecuteAsync(args, new Dictionary<string, string?>
    {
        [GlobalOptions.ServerVariable] = _server.Address.ToString(),
        [GlobalOptions.ApiKeyVariable] = key ?? _viewer,
    }, Token);
}
