using System.Globalization;
using System.Runtime.InteropServices;

namespace Lightning.Benchmarks.Hosting;

/// <summary>What the figures were measured on, and how busy the machine was with other work (it is shared).</summary>
internal sealed record MachineInfo(int Cores, double MemoryGiB, string Cpu, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        MemTotalKiB() / 1024.0 / 1024.0,
        ProcFile("/proc/cpuinfo")?.Split('\n').FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    public static string LoadAverageNow() => string.Join(' ', (ProcFile("/proc/loadavg") ?? "n/a").Split(' ').Take(3));

    /// <summary>Share of all cores busy over <paramref name="window"/>, from /proc/stat; NaN where that is not available.</summary>
    public static async Task<double> BusyFractionAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuJiffies();
        await Task.Delay(window, cancellationToken);
        var after = CpuJiffies();
        if (before is null || after is null)
        {
            return double.NaN;
        }

        var total = after.Value.Total - before.Value.Total;
        return total <= 0 ? double.NaN : 1.0 - ((double)(after.Value.Idle - before.Value.Idle) / total);
    }

    /// <summary>CPU seconds spent by the whole machine (all cores, not idle) since boot; NaN where /proc is not available.</summary>
    public static double MachineBusySeconds() => CpuJiffies() is { } jiffies ? (jiffies.Total - jiffies.Idle) / ClockTicksPerSecond : double.NaN;

    /// <summary>CPU seconds of this process and of its children that have been waited for (wrk, the bare processes).</summary>
    public static double SelfAndChildrenCpuSeconds()
    {
        // Fields after the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        var stat = ProcFile("/proc/self/stat");
        if (stat is null)
        {
            return double.NaN;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>USER_HZ, which is 100 on every Linux platform .NET runs on.</summary>
    const double ClockTicksPerSecond = 100;

    static (long Total, long Idle)? CpuJiffies()
    {
        var line = ProcFile("/proc/stat")?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // idle + iowait count as idle.
        return (fields.Sum(), fields[3] + (fields.Length > 4 ? fields[4] : 0));
    }

    static long MemTotalKiB()
    {
        var line = ProcFile("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    static string? ProcFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
