using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Watching;

public sealed class HealthWatchTests : IAsyncDisposable
{
    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    readonly ListMetricStore _store = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Latency samples every 5 s for the next 10 minutes: stable around 100 ms, the canary at <paramref name="canary"/>.</summary>
    void Latencies(double canary)
    {
        var start = _time.GetUtcNow().AddMinutes(-2);
        for (var t = 0; t < 12 * 60; t += 5)
        {
            _store.Add("http", "latency_ms", start.AddSeconds(t), 100 + (t % 3), ("version", "stable"));
            _store.Add("http", "latency_ms", start.AddSeconds(t), canary + (t % 3), ("version", "canary"));
        }
    }

    static HealthCheck CanaryLatency => new()
    {
        Name = "canary latency",
        Measurement = "http",
        Field = "latency_ms",
        Aggregate = Aggregate.Percentile,
        Percentile = 95,
        Where = [new TagFilter("version", TagOperator.Equal, "canary")],
        BaselineWhere = [new TagFilter("version", TagOperator.Equal, "stable")],
        Tolerance = 0.2,
    };

    async Task<WatchReport> RunAsync(IReadOnlyList<HealthCheck> checks, WatchOptions options)
    {
        var watch = new HealthWatch(_store, _time).RunAsync(checks, options, null, Token);
        while (!watch.IsCompleted)
        {
            await Task.Delay(5, Token);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return await watch;
    }

    [Fact]
    public async Task A_canary_much_slower_than_its_baseline_is_degraded_after_two_breaches()
    {
        Latencies(canary: 200);

        var report = await RunAsync([CanaryLatency], new WatchOptions { Duration = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromSeconds(15) });

        report.Verdict.ShouldBe(WatchVerdict.Degraded);
        report.Evaluations.ShouldBe(2);
        report.Summary.ShouldStartWith("Degraded: 'canary latency' breached 2 times in a row (p95(http.latency_ms where version=canary) = 202 > the baseline 102");
        report.Readings.ShouldAllBe(reading => reading.Breached && reading.Baseline == 102 && reading.Limit > 122 && reading.Limit < 123);
    }

    [Fact]
    public async Task A_canary_within_tolerance_stays_healthy_for_the_whole_duration()
    {
        Latencies(canary: 110);

        var report = await RunAsync([CanaryLatency], new WatchOptions { Duration = TimeSpan.FromMinutes(1), Interval = TimeSpan.FromSeconds(15) });

        report.Verdict.ShouldBe(WatchVerdict.Healthy);
        report.Evaluations.ShouldBe(5);
        report.Readings.Count.ShouldBe(5);
        report.Readings.ShouldAllBe(reading => !reading.Breached);
        report.Summary.ShouldBe("Healthy: 1 check over 1m, 5 evaluations, no breach.");
        (report.FinishedAt - report.StartedAt).ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_fixed_threshold_breach_and_missing_data_are_judged_as_configured()
    {
        Latencies(canary: 110);
        var errors = new HealthCheck { Name = "errors", Measurement = "http", Field = "errors", Threshold = 1, NoDataBreaches = true };
        var latency = new HealthCheck { Name = "max latency", Measurement = "http", Field = "latency_ms", Aggregate = Aggregate.Max, Threshold = 500 };

        var report = await RunAsync([latency, errors], new WatchOptions { Duration = TimeSpan.FromMinutes(1), Interval = TimeSpan.FromSeconds(10), BreachesToFail = 3 });

        report.Verdict.ShouldBe(WatchVerdict.Degraded);
        report.Evaluations.ShouldBe(3);
        report.Summary.ShouldContain("'errors' breached 3 times in a row (no mean(http.errors) in the last 1m)");
        report.Readings.Where(reading => reading.Check == "max latency").ShouldAllBe(reading => !reading.Breached && reading.Value == 112);
    }

    [Fact]
    public async Task Single_breaches_between_good_readings_do_not_fail_the_watch()
    {
        var start = _time.GetUtcNow();
        // A spike in the window of the 2nd evaluation only.
        _store.Add("cpu", "usage", start.AddSeconds(5), 95);
        var check = new HealthCheck { Name = "cpu", Measurement = "cpu", Field = "usage", Window = TimeSpan.FromSeconds(10), Threshold = 90, Aggregate = Aggregate.Max };

        var report = await RunAsync([check], new WatchOptions { Duration = TimeSpan.FromSeconds(40), Interval = TimeSpan.FromSeconds(10) });

        report.Verdict.ShouldBe(WatchVerdict.Healthy);
        report.Readings.Count(reading => reading.Breached).ShouldBe(1);
        report.Summary.ShouldEndWith("1 isolated breaches.");
    }

    [Fact]
    public void Bad_watches_are_refused_with_every_problem()
    {
        var error = Should.Throw<ValidationFailedException>(() => HealthWatch.Validate(
            [new HealthCheck { Name = "x", Measurement = "", Window = TimeSpan.Zero }],
            new WatchOptions { Duration = TimeSpan.FromSeconds(5), Interval = TimeSpan.FromSeconds(10), BreachesToFail = 0 }));

        error.Errors["checks[0]"].ShouldBe([
            "Check 'x': a measurement is required.",
            "Check 'x': give a threshold, or a baseline to compare with.",
            "Check 'x': the window must be positive.",
        ]);
        error.Errors.Keys.ShouldContain("duration");
        error.Errors.Keys.ShouldContain("breachesToFail");
        Should.Throw<ValidationFailedException>(() => HealthWatch.Validate([], new WatchOptions())).Errors.Keys.ShouldBe(["checks"]);
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
