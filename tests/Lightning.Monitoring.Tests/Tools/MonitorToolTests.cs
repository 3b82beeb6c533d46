using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Monitoring.Tests.Watching;
using Lightning.Monitoring.Tools;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Tools;

public sealed class MonitorToolTests : IAsyncDisposable
{
    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    readonly ListMetricStore _store = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    MonitorTool Tool => new(_store, _time);

    static ToolCall Call(string json) => new("monitor-1", JsonDocument.Parse(json).RootElement.Clone(), "key-1", 1, "tester");

    [Theory]
    [InlineData("""{"operation":"graph"}""", "'operation' must be one of: query, watch.")]
    [InlineData("""{"operation":"query"}""", "'measurement' is required.")]
    [InlineData("""{"operation":"query","measurement":"cpu","every":"1m"}""", "'every' needs an 'aggregate'")]
    [InlineData("""{"operation":"query","measurement":"cpu","from":"now","to":"now-1h"}""", "must be before 'to'")]
    [InlineData("""{"operation":"watch"}""", "'checks' is required")]
    [InlineData("""{"operation":"watch","checks":[{"measurement":"http"}]}""", "give a threshold, or a baseline")]
    [InlineData("""{"operation":"watch","checks":[{"measurement":"http","threshold":1,"comparison":"over"}]}""", "must be above, at-least, below or at-most")]
    [InlineData("""{"operation":"watch","checks":[{"measurement":"http","threshold":"high"}]}""", "'threshold' must be a number.")]
    public void Bad_inputs_are_refused_before_anything_runs(string json, string message) =>
        string.Join(" ", Tool.Validate(JsonDocument.Parse(json).RootElement)).ShouldContain(message);

    [Fact]
    public async Task Query_returns_the_series_with_a_summary()
    {
        var now = _time.GetUtcNow();
        _store.Add("cpu", "usage", now.AddMinutes(-5), 40, ("host", "a"));
        _store.Add("cpu", "usage", now.AddMinutes(-1), 60, ("host", "a"));

        var result = await Tool.RunAsync(Call("""{"operation":"query","measurement":"cpu","field":"usage","where":"host=a","aggregate":"max","from":"now-10m"}"""), Token);

        result.Succeeded.ShouldBeTrue(result.Error);
        var output = result.Output!.Value;
        output.GetProperty("seriesCount").GetInt32().ShouldBe(1);
        output.GetProperty("series")[0].GetProperty("last").GetDouble().ShouldBe(60);
        var query = _store.Queries.Single();
        (query.To - query.From).ShouldBe(TimeSpan.FromMinutes(10));
        query.Where.Single().Key.ShouldBe("host");
    }

    [Fact]
    public async Task A_degraded_watch_fails_the_step_without_retry_and_reports_its_readings()
    {
        var now = _time.GetUtcNow();
        for (var t = -120; t < 600; t += 5)
        {
            _store.Add("http", "errors", now.AddSeconds(t), 7, ("version", "canary"));
        }

        var run = Tool.RunAsync(Call("""{"operation":"watch","duration":"2m","interval":"10s","checks":[{"name":"canary errors","measurement":"http","field":"errors","where":"version=canary","threshold":5}]}"""), Token);
        while (!run.IsCompleted)
        {
            await Task.Delay(5, Token);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await run;
        result.Succeeded.ShouldBeFalse();
        result.Retryable.ShouldBeFalse();
        result.Error.ShouldBe("Degraded: 'canary errors' breached 2 times in a row (mean(http.errors where version=canary) = 7 > 5).");
        result.Output!.Value.GetProperty("verdict").GetString().ShouldBe("degraded");
        result.Output!.Value.GetProperty("readings").GetArrayLength().ShouldBe(2);

        var allowed = Tool.RunAsync(Call("""{"operation":"watch","duration":"10s","interval":"10s","breachesToFail":1,"allowDegraded":true,"checks":[{"measurement":"http","field":"errors","threshold":5}]}"""), Token);
        var tolerated = await allowed;
        tolerated.Succeeded.ShouldBeTrue();
        tolerated.Output!.Value.GetProperty("verdict").GetString().ShouldBe("degraded");
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
