using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// Telegraf's <c>diskio</c> per block device (<c>name=vda</c>) from /proc/diskstats: the cumulative counters under
/// Telegraf's names (reads, writes, read_bytes, write_bytes, read_time, write_time, io_time, weighted_io_time,
/// iops_in_progress) and, from the second reading on, rates over the interval: reads and writes per second, bytes per
/// second, busy percent (share of the interval the device had I/O in flight) and average queue length.
/// </summary>
internal sealed class DiskIoReader(ProcFs proc, IReadOnlyList<string> ignorePrefixes) : IHostReader
{
    // diskstats always counts 512-byte sectors, whatever the device's own sector size.
    const ulong SectorBytes = 512;

    readonly SeriesCache _series = new("diskio", "name");
    Dictionary<string, ulong[]> _previous = new(StringComparer.Ordinal);

    public string Name => "diskio";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var current = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        foreach (var line in ProcFs.Lines(proc.ReadText("diskstats")))
        {
            var words = ProcFs.Words(line);
            if (words.Length < 14) continue;
            var name = words[2];
            if (ignorePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))) continue;
            // reads, sectors read, ms reading, writes, sectors written, ms writing, in progress, ms doing I/O, weighted ms.
            ulong[] values =
            [
                ProcFs.ParseUnsigned(words[3]), ProcFs.ParseUnsigned(words[5]) * SectorBytes, ProcFs.ParseUnsigned(words[6]),
                ProcFs.ParseUnsigned(words[7]), ProcFs.ParseUnsigned(words[9]) * SectorBytes, ProcFs.ParseUnsigned(words[10]),
                ProcFs.ParseUnsigned(words[11]), ProcFs.ParseUnsigned(words[12]), ProcFs.ParseUnsigned(words[13]),
            ];
            current[name] = values;

            var series = batch.AddSeries(_series.Get(name));
            void Integer(string field, ulong value) => batch.Add(series, field, timestampNs, FieldValue.OfInteger((long)value));
            Integer("reads", values[0]);
            Integer("read_bytes", values[1]);
            Integer("read_time", values[2]);
            Integer("writes", values[3]);
            Integer("write_bytes", values[4]);
            Integer("write_time", values[5]);
            Integer("iops_in_progress", values[6]);
            Integer("io_time", values[7]);
            Integer("weighted_io_time", values[8]);

            if (!_previous.TryGetValue(name, out var before) || elapsedSeconds <= 0) continue;
            void Rate(string field, int column, double scale = 1)
            {
                if (ProcFs.Rate(before[column], values[column], elapsedSeconds) is { } rate)
                    batch.Add(series, field, timestampNs, FieldValue.OfFloat(rate * scale));
            }

            Rate("reads_per_sec", 0);
            Rate("read_bytes_per_sec", 1);
            Rate("writes_per_sec", 3);
            Rate("write_bytes_per_sec", 4);
            // io_time is in ms: ms busy per second / 10 is percent; weighted ms per ms elapsed is the average queue.
            Rate("busy_percent", 7, 0.1);
            Rate("avg_queue", 8, 0.001);
        }

        _previous = current;
    }
}
