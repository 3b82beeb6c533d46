using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Analysis.Resources;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class MetricAnalysisServiceTests
{
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    static readonly DateTimeOffset Start = Timestamps.FromNanoseconds(SyntheticSeries.Start);
    static readonly KeyValuePair<string, string> HostA = new("host", "a");

    static MetricAnalysisService Service(InMemoryMetricStore store, DateTimeOffset now, AnalysisOptions? options = null) =>
        new(store, Options.Create(options ?? new AnalysisOptions()), new FakeTimeProvider(now));

    [Fact]
    public async Task AnomaliesAsync_judges_every_series_of_the_query()
    {
        var store = new InMemoryMetricStore();
        var times = SyntheticSeries.Times(600, Minute);
        var quiet = SyntheticSeries.Noise(600, 1, seed: 61).Plus(_ => 20);
        var spiky = SyntheticSeries.Noise(600, 1, seed: 62).Plus(_ => 20);
        spiky[^1] = 40;
        store.Add("latency", [HostA], "p99", times, quiet);
        store.Add("latency", [new("host", "b")], "p99", times, spiky);

        var reports = await Service(store, Start.AddHours(10)).AnomaliesAsync(
            new MetricQuery { Measurement = "latency", Field = "p99", From = Start, To = Start.AddHours(10), GroupBy = ["host"] },
            scan: true, cancellationToken: TestContext.Current.CancellationToken);

        reports.Select(r => (r.Name, r.Result.Latest.IsAnomalous)).ShouldBe([("latency.p99{host=a}", false), ("latency.p99{host=b}", true)]);
        reports[1].Result.Spans.ShouldHaveSingleItem().StartIndex.ShouldBe(599);
    }

    [Fact]
    public async Task CapacityAsync_reads_the_disk_series_and_estimates_when_it_fills()
    {
        var store = new InMemoryMetricStore();
        var times = SyntheticSeries.Times(14 * 24, TimeSpan.FromHours(1));
        store.Add(TelegrafNames.Disk, [HostA, new(TelegrafNames.DiskPathTag, "/")], TelegrafNames.DiskUsedPercent, times,
            SyntheticSeries.Noise(times.Length, 0.05, seed: 63).Plus(i => 70 + i / 24.0));

        var estimates = await Service(store, Start.AddDays(14)).CapacityAsync(
            new MetricQuery { Measurement = TelegrafNames.Disk, Field = TelegrafNames.DiskUsedPercent, From = Start, To = Start.AddDays(14), GroupBy = ["*"] },
            100, TimeSpan.FromDays(60), TestContext.Current.CancellationToken);

        var estimate = estimates.ShouldHaveSingleItem().Result;
        estimate.Outlook.ShouldBe(CapacityOutlook.WillReachLimit);
        (estimate.At!.Value - Timestamps.FromNanoseconds(times[^1])).TotalDays.ShouldBe(100 - 70 - 14 + 1 / 24.0, tolerance: 1);
    }

    [Fact]
    public async Task BottlenecksAsync_reads_telegraf_measurements_and_turns_counters_into_rates()
    {
        var store = new InMemoryMetricStore();
        var now = Start.AddHours(2);
        var times = SyntheticSeries.Times(120, Minute);
        store.Add(TelegrafNames.Cpu, [HostA, new(TelegrafNames.CpuTag, TelegrafNames.CpuTotal)], TelegrafNames.CpuUsageIdle, times, times.Select(_ => 3.0).ToArray());
        store.Add(TelegrafNames.System, [HostA], TelegrafNames.Load1, times, times.Select(_ => 10.0).ToArray());
        store.Add(TelegrafNames.System, [HostA], TelegrafNames.CpuCount, times, times.Select(_ => 4.0).ToArray());
        // io_time grows 900 ms per second of wall time: the device is busy 90 % of the time.
        store.Add(TelegrafNames.DiskIo, [HostA, new(TelegrafNames.DiskIoDeviceTag, "sda")], TelegrafNames.DiskIoTime, times, times.Select((_, i) => 900.0 * 60 * i).ToArray());
        // Another host's saturation must not leak in.
        store.Add(TelegrafNames.System, [new("host", "b")], TelegrafNames.Load1, times, times.Select(_ => 100.0).ToArray());

        var service = Service(store, now);
        var usage = await service.HostUsageAsync("a", TimeSpan.FromHours(2), TestContext.Current.CancellationToken);
        var found = await service.BottlenecksAsync("a", TimeSpan.FromHours(2), cancellationToken: TestContext.Current.CancellationToken);

        usage.Cores.ShouldBe(4);
        usage.LoadPerCore!.P95.ShouldBe(2.5, tolerance: 1e-9);
        usage.DiskBusyPercent["sda"].Mean.ShouldBe(90, tolerance: 1e-6);
        found.ShouldContain(b => b.Resource == "cpu" && b.Dimension == UseDimension.Utilisation && b.Severity == BottleneckSeverity.Critical);
        found.ShouldContain(b => b.Resource == "cpu" && b.Dimension == UseDimension.Saturation && b.Severity == BottleneckSeverity.Critical);
        found.ShouldContain(b => b.Resource == "disk sda" && b.Dimension == UseDimension.Utilisation && b.Severity == BottleneckSeverity.Warning);
        store.Queries.ShouldAllBe(q => q.Where.Any(f => f.Key == "host" && f.Value == "a"));
    }

    [Fact]
    public async Task SuggestionsAsync_prices_come_from_the_options()
    {
        var store = new InMemoryMetricStore();
        var times = SyntheticSeries.Times(8 * 24 * 4, TimeSpan.FromMinutes(15));
        store.Add(TelegrafNames.Cpu, [HostA, new(TelegrafNames.CpuTag, TelegrafNames.CpuTotal)], TelegrafNames.CpuUsageIdle, times, times.Select(_ => 95.0).ToArray());
        store.Add(TelegrafNames.System, [HostA], TelegrafNames.CpuCount, times, times.Select(_ => 8.0).ToArray());
        store.Add(TelegrafNames.Net, [HostA, new(TelegrafNames.NetInterfaceTag, "eth0")], TelegrafNames.NetBytesReceived, times, times.Select((_, i) => 1e6 * 900 * i).ToArray());

        var suggestions = await Service(store, Start.AddDays(8), new AnalysisOptions { PricePerCoreHour = 0.05, Currency = "EUR" })
            .SuggestionsAsync("a", TimeSpan.FromDays(8), cancellationToken: TestContext.Current.CancellationToken);

        var cpu = suggestions.ShouldHaveSingleItem();
        cpu.Kind.ShouldBe(SuggestionKind.OverProvisionedCpu);
        cpu.MonthlySaving!.Value.ShouldBe(7 * 0.05 * 730, tolerance: 0.01);
        cpu.Currency.ShouldBe("EUR");
    }

    [Fact]
    public async Task A_range_wider_than_the_options_allow_is_refused()
    {
        var service = Service(new InMemoryMetricStore(), Start, new AnalysisOptions { MaxRangeDays = 7 });

        var error = await Should.ThrowAsync<ValidationFailedException>(() => service.TrendsAsync(
            new MetricQuery { Measurement = "cpu", From = Start, To = Start.AddDays(30) }, cancellationToken: TestContext.Current.CancellationToken));
        error.Message.ShouldContain("7 days");
    }
}
