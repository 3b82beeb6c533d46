using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// <c>cpu</c> per core (<c>cpu=cpu0</c>) and in total (<c>cpu=cpu-total</c>), as Telegraf names them: the share of each
/// state (user, system, idle, iowait, steal, ...) in percent over the time since the previous reading of /proc/stat.
/// Guest time is already counted in user time by the kernel, so it is reported but left out of the total.
/// </summary>
internal sealed class CpuReader(ProcFs proc) : IHostReader
{
    // The columns of a cpu line of /proc/stat, in order.
    static readonly string[] Fields =
        ["usage_user", "usage_nice", "usage_system", "usage_idle", "usage_iowait", "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"];

    const int CountedColumns = 8; // user .. steal

    readonly SeriesCache _series = new("cpu", "cpu");
    Dictionary<string, ulong[]> _previous = new(StringComparer.Ordinal);

    public string Name => "cpu";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var current = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var line in ProcFs.Lines(proc.ReadText("stat")))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal)) continue;
            var words = ProcFs.Words(line);
            var name = words[0] == "cpu" ? "cpu-total" : words[0];
            var values = new ulong[Fields.Length];
            for (var i = 0; i < Fields.Length && i + 1 < words.Length; i++) values[i] = ProcFs.ParseUnsigned(words[i + 1]);
            current[name] = values;
            if (_previous.TryGetValue(name, out var before)) Add(batch, timestampNs, name, before, values);
        }

        _previous = current;
    }

    void Add(PointBatch batch, long timestampNs, string cpu, ulong[] before, ulong[] now)
    {
        ulong total = 0;
        for (var i = 0; i < CountedColumns; i++) total += now[i] - Math.Min(before[i], now[i]);
        if (total == 0) return;
        var series = batch.AddSeries(_series.Get(cpu));
        for (var i = 0; i < Fields.Length; i++)
        {
            var delta = now[i] - Math.Min(before[i], now[i]);
            batch.Add(series, Fields[i], timestampNs, FieldValue.OfFloat(100.0 * delta / total));
        }

        var idle = now[3] - Math.Min(before[3], now[3]) + now[4] - Math.Min(before[4], now[4]);
        batch.Add(series, "usage_active", timestampNs, FieldValue.OfFloat(100.0 * (total - idle) / total));
    }
}
