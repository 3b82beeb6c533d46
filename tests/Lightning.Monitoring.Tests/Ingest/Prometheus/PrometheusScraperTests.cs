using System.Net;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Ingest.Prometheus;

public sealed class PrometheusScraperTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    static (PrometheusScraper Scraper, CollectingStore Store) Create(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        var store = new CollectingStore();
        var services = new ServiceCollection().AddSingleton<IMetricStore>(store).BuildServiceProvider();
        var scraper = new PrometheusScraper(Options.Create(new ScrapeOptions()), services, new StubFactory(answer), new FakeTimeProvider(Now),
            NullLogger<PrometheusScraper>.Instance);
        return (scraper, store);
    }

    static ScrapeTarget Target => new() { Job = "node", Url = new Uri("http://10.0.0.5:9100/metrics"), BearerToken = "t0ken" };

    [Fact]
    public async Task Scrape_AnsweringTarget_WritesItsSamplesLabelledAndUpOne()
    {
        string? authorization = null;
        var (scraper, store) = Create(request =>
        {
            authorization = request.Headers.Authorization?.ToString();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("# TYPE node_load1 gauge\nnode_load1 0.5\nnode_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 123.25\n") };
        });

        var result = await scraper.ScrapeAsync(Target, store, TestContext.Current.CancellationToken);

        result.Up.ShouldBeTrue();
        result.Samples.ShouldBe(2);
        authorization.ShouldBe("Bearer t0ken");
        var rows = store.Rows.ToDictionary(r => r.Series, r => r.Value);
        rows["node_load1,instance=10.0.0.5:9100,job=node"].ShouldBe(0.5);
        rows["node_cpu_seconds_total,cpu=0,instance=10.0.0.5:9100,job=node,mode=idle"].ShouldBe(123.25);
        rows["up,instance=10.0.0.5:9100,job=node"].ShouldBe(1);
        rows["scrape_samples_scraped,instance=10.0.0.5:9100,job=node"].ShouldBe(2);
        rows.ShouldContainKey("scrape_duration_seconds,instance=10.0.0.5:9100,job=node");
        store.Rows.ShouldAllBe(r => r.Time == Timestamps.ToNanoseconds(Now));
    }

    [Fact]
    public async Task Scrape_FailingTarget_WritesUpZeroAndNothingElse()
    {
        var (scraper, store) = Create(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var result = await scraper.ScrapeAsync(Target, store, TestContext.Current.CancellationToken);

        result.Up.ShouldBeFalse();
        result.Failure.ShouldBe("HTTP 500");
        store.Rows.Select(r => r.Series.Split(',')[0]).ShouldBe(["up", "scrape_duration_seconds", "scrape_samples_scraped"]);
        store.Rows[0].Value.ShouldBe(0);
    }

    [Fact]
    public void Options_BadTargets_AreRefused()
    {
        var options = new ScrapeOptions();
        options.Targets.Add(new ScrapeTarget { Job = "", Url = new Uri("ftp://x/"), Interval = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(10) });

        options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Count().ShouldBe(3);
    }

    sealed class StubFactory(Func<HttpRequestMessage, HttpResponseMessage> answer) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new StubHandler(answer));
    }

    sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }

    sealed class CollectingStore : IMetricStore
    {
        public List<(string Series, long Time, double Value)> Rows { get; } = [];

        public string Kind => "collecting";

        public ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
        {
            for (var row = 0; row < batch.Count; row++) Rows.Add((batch.SeriesAt(row).Canonical, batch.TimestampAt(row), batch.ValueAt(row).AsDouble()));
            return ValueTask.CompletedTask;
        }

        public Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default) => Task.FromResult(QueryResult.Empty);

        public Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SeriesInfo>>([]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
