using System.Diagnostics.Metrics;
using Lightning.Monitoring.Collectors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lightning.Monitoring.Tests.Collectors.Runtime;

public sealed class MeterCollectorTests
{
    [Fact]
    public async Task Requests_to_a_Kestrel_app_give_response_times_per_route_once_per_interval()
    {
        using var collector = new MeterCollector(CollectorTestOptions.Create());
        await using var app = await LocalWebApp.StartAsync(web =>
        {
            web.MapGet("/meter-items/{id}", (string id) => Results.Ok(id));
            web.MapGet("/meter-missing", () => Results.NotFound());
            web.MapGet("/meter-sync", () => Results.Ok());
        });
        using var client = new HttpClient { BaseAddress = app.Address };
        for (var i = 0; i < 20; i++)
            (await client.GetAsync(new Uri($"/meter-items/{i}", UriKind.Relative), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await client.GetAsync(new Uri("/meter-missing", UriKind.Relative), TestContext.Current.CancellationToken);
        // Kestrel records a request's duration after its response is sent, before it reads the next request on the
        // connection: one more request makes sure the ones above are recorded.
        await client.GetAsync(new Uri("/meter-sync", UriKind.Relative), TestContext.Current.CancellationToken);

        var rows = await collector.CollectAsync();

        var route = ("http.route", "/meter-items/{id}");
        rows.Value("http.server.request.duration", "count", route, ("http.request.method", "GET"), ("http.response.status_code", "200")).ShouldBe(20);
        var mean = rows.Value("http.server.request.duration", "mean", route)!.Value;
        mean.ShouldBeGreaterThan(0);
        rows.Value("http.server.request.duration", "p50", route)!.Value.ShouldBeInRange(rows.Value("http.server.request.duration", "min", route)!.Value, rows.Value("http.server.request.duration", "max", route)!.Value);
        rows.Value("http.server.request.duration", "p99", route)!.Value.ShouldBeGreaterThanOrEqualTo(rows.Value("http.server.request.duration", "p50", route)!.Value);
        rows.Value("http.server.request.duration", "count", ("http.route", "/meter-missing"), ("http.response.status_code", "404")).ShouldBe(1);
        rows.Of("kestrel.active_connections").ShouldNotBeEmpty();

        // The next interval starts empty: a histogram is not repeated when no request came.
        (await collector.CollectAsync()).Value("http.server.request.duration", "count", route).ShouldBeNull();
    }

    [Fact]
    public async Task The_runtime_meters_report_gc_heap_threads_and_working_set()
    {
        using var collector = new MeterCollector(CollectorTestOptions.Create());
        GC.Collect();

        var rows = await collector.CollectAsync();

        rows.Value("dotnet.process.memory.working_set", "value")!.Value.ShouldBe(Environment.WorkingSet, Environment.WorkingSet * 0.5);
        rows.Of("dotnet.gc.collections").Where(r => r.Field == "total").Sum(r => r.Value.AsDouble()).ShouldBeGreaterThanOrEqualTo(1);
        rows.Of("dotnet.gc.heap.total_allocated").ShouldNotBeEmpty();
        rows.Of("dotnet.thread_pool.thread.count").ShouldNotBeEmpty();
        rows.Of("dotnet.process.cpu.time").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Counters_give_delta_and_total_histograms_give_percentiles_gauges_the_last_value()
    {
        var name = "Lightning.Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(CollectorTestOptions.Create(o => o.Runtime.Meters = [name]));
        using var meter = new Meter(name);
        var counter = meter.CreateCounter<long>("test.requests");
        var histogram = meter.CreateHistogram<double>("test.latency");
        var queue = meter.CreateUpDownCounter<int>("test.queue");
        var observed = 7.5;
        meter.CreateObservableGauge("test.temperature", () => observed);

        counter.Add(5, new KeyValuePair<string, object?>("kind", "a"));
        for (var i = 1; i <= 100; i++) histogram.Record(i);
        queue.Add(3);
        queue.Add(-1);
        var first = await collector.CollectAsync();
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "b"), new KeyValuePair<string, object?>("code", 7));
        counter.Add(1, new KeyValuePair<string, object?>("code", 7), new KeyValuePair<string, object?>("kind", "b"));
        observed = 9;
        var second = await collector.CollectAsync();

        first.Value("test.requests", "delta", ("kind", "a")).ShouldBe(5);
        second.Value("test.requests", "delta", ("kind", "a")).ShouldBe(3);
        second.Value("test.requests", "total", ("kind", "a")).ShouldBe(8);
        // The same tags in another order are one series, and non-string tag values are formatted invariantly.
        second.Where(r => r.Series.Measurement == "test.requests" && r.Field == "delta" && r.Series.Tag("kind") == "b").ShouldHaveSingleItem()
            .Series.Canonical.ShouldBe("test.requests,code=7,kind=b");
        second.Value("test.requests", "delta", ("kind", "b")).ShouldBe(2);
        first.Value("test.latency", "count").ShouldBe(100);
        first.Value("test.latency", "min").ShouldBe(1);
        first.Value("test.latency", "max").ShouldBe(100);
        first.Value("test.latency", "mean").ShouldBe(50.5);
        first.Value("test.latency", "p50")!.Value.ShouldBe(50, 50 * 0.02);
        first.Value("test.latency", "p95")!.Value.ShouldBe(95, 95 * 0.02);
        first.Value("test.latency", "p99")!.Value.ShouldBe(99, 99 * 0.02);
        second.Value("test.latency", "count").ShouldBeNull();
        first.Value("test.queue", "value").ShouldBe(2);
        first.Value("test.temperature", "value").ShouldBe(7.5);
        second.Value("test.temperature", "value").ShouldBe(9);
    }

    [Fact]
    public async Task Tag_combinations_beyond_the_cap_are_added_up_in_one_overflow_series()
    {
        var name = "Lightning.Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(CollectorTestOptions.Create(o => { o.Runtime.Meters = [name]; o.Runtime.MaxSeriesPerInstrument = 3; }));
        using var meter = new Meter(name);
        var counter = meter.CreateCounter<long>("test.by_user");
        var totals = new Dictionary<string, long>();
        meter.CreateObservableCounter("test.bytes_by_user", () => totals.Select(t => new Measurement<long>(t.Value, new KeyValuePair<string, object?>("user", t.Key))));

        for (var user = 0; user < 10; user++)
        {
            counter.Add(user + 1, new KeyValuePair<string, object?>("user", $"u{user}"));
            totals[$"u{user}"] = 100;
        }

        var first = await collector.CollectAsync();
        counter.Add(1000, new KeyValuePair<string, object?>("user", "u9"));
        foreach (var user in totals.Keys) totals[user] += 10;
        var second = await collector.CollectAsync();

        var series = first.Where(r => r.Series.Measurement == "test.by_user" && r.Field == "delta").Select(r => r.Series.Canonical).ToList();
        series.ShouldBe(["test.by_user,user=u0", "test.by_user,user=u1", "test.by_user,user=u2", "test.by_user,otel.metric.overflow=true"], ignoreOrder: true);
        first.Value("test.by_user", "delta", ("otel.metric.overflow", "true")).ShouldBe(4 + 5 + 6 + 7 + 8 + 9 + 10);
        second.Value("test.by_user", "delta", ("otel.metric.overflow", "true")).ShouldBe(1000);
        // Running totals that overflowed are summed afresh each time: the delta is their growth, not their sum again.
        first.Value("test.bytes_by_user", "total", ("otel.metric.overflow", "true")).ShouldBe(700);
        second.Value("test.bytes_by_user", "total", ("otel.metric.overflow", "true")).ShouldBe(770);
        second.Value("test.bytes_by_user", "delta", ("otel.metric.overflow", "true")).ShouldBe(70);
        second.Value("test.bytes_by_user", "delta", ("user", "u0")).ShouldBe(10);
    }

    [Fact]
    public void LogHistogram_percentiles_are_within_two_percent()
    {
        var histogram = new LogHistogram();
        var values = Enumerable.Range(1, 10_000).Select(i => i * 0.001).ToArray();
        foreach (var value in values.Reverse()) histogram.Record(value);

        histogram.Count.ShouldBe(10_000);
        histogram.Percentile(50).ShouldBe(5, 5 * 0.02);
        histogram.Percentile(99).ShouldBe(9.9, 9.9 * 0.02);
        histogram.Percentile(100).ShouldBe(10, 10 * 0.02);
        histogram.Record(0);
        histogram.Percentile(0).ShouldBe(0);
    }
}
