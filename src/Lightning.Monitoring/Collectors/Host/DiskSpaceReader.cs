using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Collectors.Host;

/// <summary>
/// Telegraf's <c>disk</c> per mounted filesystem (tags path, device, fstype, mode): total, free, used (total - free)
/// and used_percent (used / (used + available to unprivileged users), as df computes Use%). Mounts are read from
/// /proc/self/mounts, pseudo filesystems are skipped, and sizes come from statfs through <see cref="DriveInfo"/>.
/// </summary>
internal sealed class DiskSpaceReader(ProcFs proc, IReadOnlyCollection<string> ignoreFileSystems) : IHostReader
{
    readonly Dictionary<string, SeriesKey> _series = new(StringComparer.Ordinal);

    public string Name => "disk";

    public void Read(PointBatch batch, long timestampNs, double elapsedSeconds)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ProcFs.Lines(proc.ReadText("self/mounts")))
        {
            var words = ProcFs.Words(line);
            if (words.Length < 4) continue;
            var (device, path, type) = (Unescape(words[0]), Unescape(words[1]), words[2]);
            if (ignoreFileSystems.Contains(type) || !seen.Add(path)) continue;
            long total, free, available;
            try
            {
                var drive = new DriveInfo(path);
                total = drive.TotalSize;
                free = drive.TotalFreeSpace;
                available = drive.AvailableFreeSpace;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                continue; // a mount that vanished or that we may not stat
            }

            if (total <= 0) continue;
            var mode = words[3].Split(',')[0] == "ro" ? "ro" : "rw";
            var key = path + '\0' + device + '\0' + type + '\0' + mode;
            if (!_series.TryGetValue(key, out var seriesKey))
            {
                seriesKey = new SeriesKey("disk", [new("path", path), new("device", device), new("fstype", type), new("mode", mode)]);
                _series[key] = seriesKey;
            }

            var series = batch.AddSeries(seriesKey);
            var used = total - free;
            batch.Add(series, "total", timestampNs, FieldValue.OfInteger(total));
            batch.Add(series, "free", timestampNs, FieldValue.OfInteger(available));
            batch.Add(series, "used", timestampNs, FieldValue.OfInteger(used));
            batch.Add(series, "used_percent", timestampNs, FieldValue.OfFloat(used + available == 0 ? 0 : 100.0 * used / (used + available)));
        }
    }

    /// <summary>The mounts file escapes space, tab, newline and backslash as octal (\040).</summary>
    internal static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var result = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && IsOctal(text[i + 1]) && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
            {
                result.Append((char)(((text[i + 1] - '0') * 64) + ((text[i + 2] - '0') * 8) + (text[i + 3] - '0')));
                i += 3;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    static bool IsOctal(char c) => c is >= '0' and <= '7';
}
