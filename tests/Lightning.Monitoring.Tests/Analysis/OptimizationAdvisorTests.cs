using Lightning.Monitoring.Analysis.Resources;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class OptimizationAdvisorTests
{
    const double Gib = 1024d * 1024 * 1024;

    static UsageStats Stats(double mean, double p95, double max) => new(mean, p95, max, 2000);

    static HostUsage Usage(double cpuP95, double memoryP95, TimeSpan covered) => new()
    {
        Host = "batch-3",
        Covered = covered,
        Cores = 16,
        MemoryTotalBytes = 64 * Gib,
        CpuBusyPercent = Stats(cpuP95 / 2, cpuP95, cpuP95 * 1.5),
        MemoryUsedPercent = Stats(memoryP95 - 5, memoryP95, memoryP95 + 2),
        NetBytesPerSecond = new Dictionary<string, UsageStats> { ["eth0"] = Stats(1e6, 5e6, 1e7) },
        DiskUsedPercent = new Dictionary<string, UsageStats> { ["/data"] = Stats(8, 9, 10) },
    };

    [Fact]
    public void Suggest_over_provisioned_cpu_and_memory_with_their_monthly_cost()
    {
        var suggestions = OptimizationAdvisor.Suggest(Usage(cpuP95: 6, memoryP95: 20, TimeSpan.FromDays(8)), SuggestionRules.Default, new CostRates(0.04, 0.005));

        var cpu = suggestions.Single(s => s.Kind == SuggestionKind.OverProvisionedCpu);
        cpu.Explanation.ShouldContain("2 core(s)"); // 16 × 6 % = 0.96 cores busy; 2 cores keep it under 60 %
        cpu.MonthlySaving!.Value.ShouldBe(14 * 0.04 * 730, tolerance: 0.01);
        var memory = suggestions.Single(s => s.Kind == SuggestionKind.OverProvisionedMemory);
        memory.Explanation.ShouldContain("22 GiB"); // 64 × 20 % = 12.8 GiB; /0.6 → 22
        memory.MonthlySaving!.Value.ShouldBe((64 - 22) * 0.005 * 730, tolerance: 0.01);
        suggestions.ShouldContain(s => s.Kind == SuggestionKind.OverProvisionedDisk && s.Resource == "disk /data" && s.MonthlySaving == null);
    }

    [Fact]
    public void Suggest_nothing_before_a_week_of_history_or_for_a_busy_host()
    {
        OptimizationAdvisor.Suggest(Usage(6, 20, TimeSpan.FromDays(3)), SuggestionRules.Default).ShouldBeEmpty();
        OptimizationAdvisor.Suggest(Usage(70, 80, TimeSpan.FromDays(8)), SuggestionRules.Default)
            .ShouldNotContain(s => s.Kind == SuggestionKind.OverProvisionedCpu || s.Kind == SuggestionKind.OverProvisionedMemory);
    }

    [Fact]
    public void Suggest_an_idle_host_once_without_prices_and_with_them()
    {
        var idle = Usage(1, 20, TimeSpan.FromDays(10)) with { NetBytesPerSecond = new Dictionary<string, UsageStats> { ["eth0"] = Stats(100, 200, 300) } };

        var plain = OptimizationAdvisor.Suggest(idle, SuggestionRules.Default).ShouldHaveSingleItem();
        plain.Kind.ShouldBe(SuggestionKind.Idle);
        plain.MonthlySaving.ShouldBeNull();
        var priced = OptimizationAdvisor.Suggest(idle, SuggestionRules.Default, new CostRates(0.04, 0.005, "EUR")).ShouldHaveSingleItem();
        priced.MonthlySaving!.Value.ShouldBe((16 * 0.04 + 64 * 0.005) * 730, tolerance: 0.01);
        priced.Explanation.ShouldContain("EUR a month");
    }
}
