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
