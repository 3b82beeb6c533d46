using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Host;
using Lightning.Monitoring.Collectors.Runtime;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Tests.Collectors;

public sealed class CollectorHostTests
{
    sealed class FailingCollector : ICollector
    {
        public int Runs;
        public string Name => "failing";
        public TimeSpan Interval => TimeSpan.FromSeconds(1);

        public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            batch.Add("half", null, "value", Timestamps.ToNanoseconds(now), 1);
            throw new IOException("the source is gone");
        }
    }

    sealed class CountingCollector : ICollector
    {
        public int Runs;
        public string Name => "counting";
        public TimeSpan Interval => TimeSpan.FromSeconds(1);

        public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
        {
            batch.Add("ticks", null, "run", Timestamps.ToNanoseconds(now), Interlocked.Increment(ref Runs));
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_failing_collector_is_logged_and_the_others_keep_writing_on_their_interval()
    {
        var store = new RecordingMetricStore();
        var logger = new ListLogger<CollectorHost>();
        var failing = new FailingCollector();
        var counting = new CountingCollector();
        using var host = new CollectorHost([failing, counting], store, TimeProvider.System, logger);

        await host.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 100 && Volatile.Read(ref counting.Runs) < 3; i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        counting.Runs.ShouldBeGreaterThanOrEqualTo(3);
        failing.Runs.ShouldBeGreaterThanOrEqualTo(2);
        store.Batches.ShouldAllBe(batch => batch.All(row => row.Series.Measurement == "ticks"), "a failed run writes nothing, not half a batch");
        store.Batches.Count.ShouldBeGreaterThanOrEqualTo(3);
        logger.Entries.ShouldContain(e => e.EventId == 6201 && e.Level == LogLevel.Warning && e.Exception is IOException);
    }

    [Fact]
    public void Options_below_one_second_or_without_a_server_name_are_refused_without_showing_secrets()
    {
        var options = new CollectorOptions();
        options.Host.Interval = TimeSpan.FromMilliseconds(200);
        options.Processes.Targets.Add(new ProcessTarget());
        options.Http.Checks.Add(new HttpCheck { Url = "ftp://example.org/" });
        options.Postgres.Servers.Add(new PostgresServer { Name = "", ConnectionString = "Host=db;Password=s3cret-value" });

        var result = new CollectorOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Lightning:Monitoring:Collectors:Host:Interval must be at least 1 second");
        result.FailureMessage.ShouldContain("Targets:0 needs a Pid");
        result.FailureMessage.ShouldContain("Checks:0:Url must be an absolute http or https URL");
        result.FailureMessage.ShouldContain("Servers:0 needs a unique Name");
        result.FailureMessage.ShouldNotContain("s3cret-value");
        new CollectorOptionsValidator().Validate(null, new CollectorOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task AddMonitoringCollectors_binds_configuration_and_runs_only_the_enabled_collectors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:Monitoring:Collectors:Host:Interval"] = "00:00:02",
            ["Lightning:Monitoring:Collectors:Processes:Enabled"] = "false",
            ["Lightning:Monitoring:Collectors:Queries:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<IMetricStore, RecordingMetricStore>()
            .AddSingleton<ICollector, CountingCollector>()
            .AddMonitoringCollectors(o => o.Runtime.Interval = TimeSpan.FromSeconds(5));
        await using var provider = services.BuildServiceProvider();

        var host = provider.GetRequiredService<CollectorHost>();

        host.Collectors.Select(c => c.Name).ShouldBe(["host", "runtime", "counting"]);
        host.Collectors.OfType<HostCollector>().Single().Interval.ShouldBe(TimeSpan.FromSeconds(2));
        host.Collectors.OfType<MeterCollector>().Single().Interval.ShouldBe(TimeSpan.FromSeconds(5));
        provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>().ShouldHaveSingleItem()
            .ShouldBeOfType<Lightning.Monitoring.Collectors.Database.QueryProfilerInterceptor>();
        var store = (RecordingMetricStore)provider.GetRequiredService<IMetricStore>();
        await host.CollectOnceAsync(host.Collectors[0], new PointBatch(), TestContext.Current.CancellationToken);
        store.Batches.Single().ShouldContain(row => row.Series.Measurement == "mem" && row.Field == "total");
    }

    /// <summary>A collector that names the host itself (a remote source): its tag is kept.</summary>
    sealed class RemoteHostCollector : ICollector
    {
        public string Name => "remote";
        public TimeSpan Interval => TimeSpan.FromSeconds(1);

        public ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var at = Timestamps.ToNanoseconds(now);
            batch.Add("remote", [new("host", "db-9"), new("disk", "sda")], "used", at, 1);
            batch.Add("remote", [new("disk", "sda")], "used", at, 2);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Every_collected_series_carries_the_configured_host_tag()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:Monitoring:Collectors:HostName"] = "web-7",
            ["Lightning:Monitoring:Collectors:Http:Checks:0:Name"] = "closed",
            // Port 9 (discard) is closed here: the check still writes its failure point.
            ["Lightning:Monitoring:Collectors:Http:Checks:0:Url"] = "http://127.0.0.1:9/",
            ["Lightning:Monitoring:Collectors:Http:Checks:0:Timeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<IMetricStore, RecordingMetricStore>()
            .AddSingleton<ICollector, CountingCollector>()
            .AddMonitoringCollectors();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<CollectorHost>();
        var store = (RecordingMetricStore)provider.GetRequiredService<IMetricStore>();
        using var meter = new System.Diagnostics.Metrics.Meter("Lightning");
        var counter = meter.CreateCounter<long>("lightning.test.host_tag." + Guid.NewGuid().ToString("N"));

        host.HostName.ShouldBe("web-7");
        var written = new Dictionary<string, CollectedRow[]>();
        foreach (var collector in host.Collectors)
        {
            counter.Add(3);
            await host.CollectOnceAsync(collector, new PointBatch(), TestContext.Current.CancellationToken);
            written[collector.Name] = store.Batches.TryDequeue(out var rows) ? rows : [];
        }

        foreach (var name in new[] { "host", "process", "runtime", "http", "counting" })
        {
            written[name].ShouldNotBeEmpty($"collector {name} wrote nothing");
            written[name].ShouldAllBe(row => row.Series.Tag("host") == "web-7", $"collector {name}");
        }

        written["host"].Select(r => r.Series.Measurement).ShouldContain("mem");
        written["host"].ShouldContain(r => r.Series.Measurement == "disk" && r.Series.Tag("path") == "/", "existing tags stay");
    }

    [Fact]
    public async Task A_collector_that_sets_host_keeps_it_and_the_default_is_the_machine_name()
    {
        var store = new RecordingMetricStore();
        using var host = new CollectorHost([new RemoteHostCollector()], store, TimeProvider.System, NullLogger<CollectorHost>.Instance);
        var batch = new PointBatch();

        await host.CollectOnceAsync(host.Collectors[0], batch, TestContext.Current.CancellationToken);
        await host.CollectOnceAsync(host.Collectors[0], batch, TestContext.Current.CancellationToken);

        host.HostName.ShouldBe(Environment.MachineName);
        store.Batches.Count.ShouldBe(2);
        foreach (var rows in store.Batches)
        {
            rows.Select(r => (r.Series.Canonical, r.Value.AsDouble())).ShouldBe(
                [("remote,disk=sda,host=db-9", 1), ($"remote,disk=sda,host={Environment.MachineName}", 2)], ignoreOrder: true);
        }
    }

    [Fact]
    public void Adding_a_tag_merges_series_that_become_one_and_keeps_their_rows()
    {
        var batch = new PointBatch();
        batch.Add("m", [new("host", "a")], "v", 1, 10);
        batch.Add("m", null, "v", 2, 20);
        batch.Add("n", null, "v", 3, 30);

        batch.AddTagWhereMissing("host", "a", new Dictionary<string, SeriesKey>(StringComparer.Ordinal));

        batch.Series.Select(s => s.Canonical).ShouldBe(["m,host=a", "n,host=a"]);
        Enumerable.Range(0, batch.Count).Select(i => (batch.SeriesAt(i).Canonical, batch.TimestampAt(i), batch.ValueAt(i).AsDouble()))
            .ShouldBe([("m,host=a", 1L, 10.0), ("m,host=a", 2L, 20.0), ("n,host=a", 3L, 30.0)]);
    }

    [Fact]
    public void A_blank_host_name_is_refused()
    {
        var result = new CollectorOptionsValidator().Validate(null, new CollectorOptions { HostName = "  " });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Lightning:Monitoring:Collectors:HostName must be printable text");
    }

    [Fact]
    public void Invalid_configuration_fails_at_start()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<IMetricStore, RecordingMetricStore>()
            .AddMonitoringCollectors(o => o.Http.Interval = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CollectorOptions>>().Value)
            .Message.ShouldContain("Http:Interval");
        _ = NullLogger.Instance;
    }
}
