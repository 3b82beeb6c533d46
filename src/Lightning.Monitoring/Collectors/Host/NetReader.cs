using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// Telegraf's <c>net</c> per interface (<c>interface=eth0</c>) from /proc/net/dev: cumulative bytes, packets, errors
/// and drops in each direction under Telegraf's names, and per-second rates from the second reading on.
/// </summary>
internal sealed class NetReader(ProcFs proc) : IHostReader
{
    // Columns after "iface:": receive bytes packets errs drop fifo frame compressed multicast, transmit bytes packets errs drop ...
    static readonly (string Field, int Column)[] Counters =
    [
        ("bytes_recv", 0), ("packets_recv", 1), ("err_in", 2), ("drop_in", 3),
        ("bytes_sent", 8), ("packets_sent", 9), ("err_out", 10), ("drop_out", 11),
    ];

    readonly SeriesCache _series = new("net", "interface");
    Dictionary<string, ulong[]> _previous = new(StringComparer.Ordinal);

    public string Name => "net";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var current = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var line in ProcFs.Lines(proc.ReadText("net/dev")))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var words = ProcFs.Words(line[(colon + 1)..]);
            if (words.Length < 16) continue;
            var values = new ulong[Counters.Length];
            for (var i = 0; i < Counters.Length; i++) values[i] = ProcFs.ParseUnsigned(words[Counters[i].Column]);
            current[name] = values;

            var series = batch.AddSeries(_series.Get(name));
            for (var i = 0; i < Counters.Length; i++)
                batch.Add(series, Counters[i].Field, timestampNs, FieldValue.OfInteger((long)values[i]));
            if (!_previous.TryGetValue(name, out var before) || elapsedSeconds <= 0) continue;
            for (var i = 0; i < Counters.Length; i++)
                if (ProcFs.Rate(before[i], values[i], elapsedSeconds) is { } rate)
                    batch.Add(series, Counters[i].Field + "_per_sec", timestampNs, FieldValue.OfFloat(rate));
        }

        _previous = current;
    }
}
