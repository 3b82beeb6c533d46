using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// Telegraf's <c>mem</c> and <c>swap</c> from /proc/meminfo, in bytes. "used" is what the kernel cannot give back
/// (total - free - buffers - cached, with reclaimable slab counted as cache), as <c>free</c> and Telegraf compute it.
/// </summary>
internal sealed class MemoryReader(ProcFs proc) : IHostReader
{
    static readonly SeriesKey Mem = new("mem");
    static readonly SeriesKey Swap = new("swap");

    public string Name => "mem";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var info = Parse(proc.ReadText("meminfo"));
        ulong Get(string key) => info.TryGetValue(key, out var value) ? value : 0;

        var total = Get("MemTotal");
        var free = Get("MemFree");
        var buffers = Get("Buffers");
        var cached = Get("Cached") + Get("SReclaimable");
        var available = info.TryGetValue("MemAvailable", out var a) ? a : free + buffers + cached;
        var used = total > free + buffers + cached ? total - free - buffers - cached : total - free;

        var mem = batch.AddSeries(Mem);
        void Bytes(int series, string field, ulong value) => batch.Add(series, field, timestampNs, FieldValue.OfInteger((long)value));
        Bytes(mem, "total", total);
        Bytes(mem, "available", available);
        Bytes(mem, "free", free);
        Bytes(mem, "used", used);
        Bytes(mem, "cached", cached);
        Bytes(mem, "buffers", buffers);
        Bytes(mem, "shared", Get("Shmem"));
        Bytes(mem, "dirty", Get("Dirty"));
        if (total > 0)
        {
            batch.Add(mem, "used_percent", timestampNs, FieldValue.OfFloat(100.0 * used / total));
            batch.Add(mem, "available_percent", timestampNs, FieldValue.OfFloat(100.0 * available / total));
        }

        var swapTotal = Get("SwapTotal");
        var swapFree = Get("SwapFree");
        var swap = batch.AddSeries(Swap);
        Bytes(swap, "total", swapTotal);
        Bytes(swap, "free", swapFree);
        Bytes(swap, "used", swapTotal - Math.Min(swapFree, swapTotal));
        batch.Add(swap, "used_percent", timestampNs, FieldValue.OfFloat(swapTotal == 0 ? 0 : 100.0 * (swapTotal - Math.Min(swapFree, swapTotal)) / swapTotal));
    }

    /// <summary>The lines of /proc/meminfo as bytes ("MemTotal:  16318480 kB" is 16318480 * 1024).</summary>
    internal static Dictionary<string, ulong> Parse(string meminfo)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in ProcFs.Lines(meminfo))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var words = ProcFs.Words(line[(colon + 1)..]);
            if (words.Length == 0 || !ulong.TryParse(words[0], System.Globalization.CultureInfo.InvariantCulture, out var value)) continue;
            values[line[..colon]] = words.Length > 1 && words[1] == "kB" ? value * 1024 : value;
        }

        return values;
    }
}
