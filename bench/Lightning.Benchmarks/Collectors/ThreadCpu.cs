using System.Globalization;

namespace Lightning.Benchmarks.Collectors;

/// <summary>
/// The calling thread's time on a CPU, from the first field of /proc/thread-self/schedstat (nanoseconds): precise
/// where /proc/thread-self/stat counts 10 ms ticks, and without the unsafe code a clock_gettime P/Invoke needs.
/// </summary>
internal static class ThreadCpu
{
    public static TimeSpan Now()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        var nanoseconds = long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
