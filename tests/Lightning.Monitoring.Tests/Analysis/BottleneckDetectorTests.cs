using Lightning.Monitoring.Analysis.Resources;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class BottleneckDetectorTests
{
    static UsageStats Stats(double mean, double p95, double max) => new(mean, p95, max, 100);

    [Fact]
    public void Detect_reports_each_USE_dimension_with_its_severity_most_severe_first()
    {
        var usage = new HostUsage
        {
            Host = "db-1",
            Cores = 4,
            CpuBusyPercent = Stats(70, 97, 100),
            LoadPerCore = Stats(1.2, 1.5, 3),
            MemoryUsedPercent = Stats(60, 70, 75),
            SwapBytesPerSecond = Stats(2 * 1024 * 1024, 5 * 1024 * 1024, 9 * 1024 * 1024),
            DiskUsedPercent = new Dictionary<string, UsageStats> { ["/"] = Stats(50, 50, 51), ["/var/lib/postgresql"] = Stats(96, 96, 97) },
            DiskQueueLength = new Dictionary<string, UsageStats> { ["sda"] = Stats(1, 3, 10) },
            NetErrorsPerSecond = new Dictionary<string, UsageStats> { ["eth0"] = Stats(0.5, 1, 2), ["lo"] = Stats(0, 0, 0) },
        };

        var found = BottleneckDetector.Detect(usage, BottleneckThresholds.Default);

        found.Select(b => (b.Resource, b.Dimension, b.Severity)).ShouldBe(
        [
            ("disk /var/lib/postgresql", UseDimension.Utilisation, BottleneckSeverity.Critical),
            ("cpu", UseDimension.Utilisation, BottleneckSeverity.Critical),
            ("memory", UseDimension.Saturation, BottleneckSeverity.Warning),
            ("disk sda", UseDimension.Saturation, BottleneckSeverity.Warning),
            ("cpu", UseDimension.Saturation, BottleneckSeverity.Warning),
            ("net eth0", UseDimension.Errors, BottleneckSeverity.Warning),
        ], ignoreOrder: true);
        found.Take(2).ShouldAllBe(b => b.Severity == BottleneckSeverity.Critical);
        found.Single(b => b.Resource == "cpu" && b.Dimension == UseDimension.Utilisation).Explanation.ShouldContain("97 % at p95 of 4 cores");
        found.Single(b => b.Resource == "memory").Explanation.ShouldContain("swapping 2 MiB/s");
    }

    [Fact]
    public void Detect_healthy_host_has_no_findings()
    {
        var usage = new HostUsage { Host = "web-1", CpuBusyPercent = Stats(20, 40, 60), LoadPerCore = Stats(0.2, 0.5, 0.9), MemoryUsedPercent = Stats(50, 55, 60) };

        BottleneckDetector.Detect(usage, BottleneckThresholds.Default).ShouldBeEmpty();
    }
}
