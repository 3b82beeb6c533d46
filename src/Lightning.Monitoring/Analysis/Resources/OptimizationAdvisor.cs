using System.Globalization;

namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>
/// Idle and over-provisioned resources from a host's usage over at least <see cref="SuggestionRules.MinObserved"/>:
/// CPU whose p95 stays under 10 %, memory mostly free, disks mostly empty, hosts that do nothing. A right size keeps the
/// p95 at <see cref="SuggestionRules.TargetPercent"/>; with prices, the saving is (current − right size) × price × 730 h.
/// </summary>
public static class OptimizationAdvisor
{
    const double BytesPerGb = 1024d * 1024 * 1024;

    public static IReadOnlyList<Suggestion> Suggest(HostUsage usage, SuggestionRules rules, CostRates? rates = null)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(rules);
        var ci = CultureInfo.InvariantCulture;
        var result = new List<Suggestion>();
        if (usage.Covered < rules.MinObserved) return result;
        var days = usage.Covered.TotalDays;
        var currency = rates?.Currency;

        var net = usage.NetBytesPerSecond.Values.Sum(s => s.P95);
        if (usage.CpuBusyPercent is { } cpu && cpu.P95 < rules.CpuIdlePercent && net < rules.NetIdleBytesPerSecond)
        {
            double? saving = null;
            if (rates?.PerCoreHour is { } core && usage.Cores is { } cores) saving = cores * core * CostRates.HoursPerMonth;
            if (rates?.PerGbHour is { } gb && usage.MemoryTotalBytes is { } total) saving = (saving ?? 0) + total / BytesPerGb * gb * CostRates.HoursPerMonth;
            result.Add(new Suggestion(usage.Host, SuggestionKind.Idle, "host",
                string.Create(ci, $"{usage.Host} was idle for {days:0.#} days: CPU p95 {cpu.P95:0.##} %, network p95 {net / 1024:0.#} KiB/s; stop it or move its work to a busier host")
                + SavingText(saving, currency), saving, saving is null ? null : currency));
            return result;
        }

        if (usage.CpuBusyPercent is { } busy && busy.P95 < rules.CpuLowPercent && usage.Cores is { } coreCount)
        {
            var needed = Math.Max(1, (int)Math.Ceiling(coreCount * busy.P95 / rules.TargetPercent));
            if (needed < coreCount)
            {
                double? saving = rates?.PerCoreHour is { } price ? (coreCount - needed) * price * CostRates.HoursPerMonth : null;
                result.Add(new Suggestion(usage.Host, SuggestionKind.OverProvisionedCpu, "cpu",
                    string.Create(ci, $"CPU p95 was {busy.P95:0.#} % of {coreCount} cores over {days:0.#} days: {needed} core(s) would run at most {Math.Min(100, busy.P95 * coreCount / needed):0.#} %")
                    + SavingText(saving, currency), saving, saving is null ? null : currency));
            }
        }

        if (usage.MemoryUsedPercent is { } memory && memory.P95 < rules.MemoryLowPercent && usage.MemoryTotalBytes is { } totalBytes)
        {
            var totalGb = totalBytes / BytesPerGb;
            var neededGb = Math.Max(1, Math.Ceiling(totalGb * memory.P95 / rules.TargetPercent));
            if (neededGb < totalGb - 0.5)
            {
                double? saving = rates?.PerGbHour is { } price ? (totalGb - neededGb) * price * CostRates.HoursPerMonth : null;
                result.Add(new Suggestion(usage.Host, SuggestionKind.OverProvisionedMemory, "memory",
                    string.Create(ci, $"memory p95 was {memory.P95:0.#} % of {totalGb:0.#} GiB over {days:0.#} days: {neededGb:0} GiB would keep p95 under {rules.TargetPercent:0} %")
                    + SavingText(saving, currency), saving, saving is null ? null : currency));
            }
        }

        foreach (var (path, disk) in usage.DiskUsedPercent)
        {
            if (disk.Max >= rules.DiskLowPercent) continue;
            result.Add(new Suggestion(usage.Host, SuggestionKind.OverProvisionedDisk, $"disk {path}",
                string.Create(ci, $"{path} never went above {disk.Max:0.#} % used in {days:0.#} days: a smaller volume would do (check the capacity forecast first)"),
                null, null));
        }
        return result;
    }

    static string SavingText(double? saving, string? currency) =>
        saving is { } s ? string.Create(CultureInfo.InvariantCulture, $"; saves about {s:0.##} {currency} a month") : "";
}
