using System.Globalization;
using Lightning.Monitoring.Collectors.Host;

namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>Reads /proc/[pid]/stat, statm, io and fd. A process that exits while being read gives null, never an error.</summary>
internal sealed class ProcessReader(ProcFs proc)
{
    static readonly long PageSize = Environment.SystemPageSize;

    public ProcessSample? Read(int pid)
    {
        var directory = pid.ToString(CultureInfo.InvariantCulture);
        if (!proc.TryReadText(Path.Combine(directory, "stat"), out var stat) || stat.Length == 0) return null;
        // The name sits in parentheses and may itself contain spaces and parentheses: the last ')' ends it.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var name = stat[(open + 1)..close];
        var words = ProcFs.Words(stat[(close + 1)..]);
        // words[0] is field 3 (state) of proc(5), so field n is words[n - 3].
        if (words.Length < 22) return null;
        var parent = int.Parse(words[1], CultureInfo.InvariantCulture);
        var cpu = ProcFs.ParseUnsigned(words[11]) + ProcFs.ParseUnsigned(words[12]);
        var childCpu = ProcFs.ParseUnsigned(words[13]) + ProcFs.ParseUnsigned(words[14]);
        var threads = long.Parse(words[17], CultureInfo.InvariantCulture);
        var start = ProcFs.ParseUnsigned(words[19]);
        var virtualBytes = long.Parse(words[20], CultureInfo.InvariantCulture);
        var rss = long.Parse(words[21], CultureInfo.InvariantCulture) * PageSize;
        // stat's rss lags the per-thread counters; statm's resident pages are what status's VmRSS and ps show.
        if (proc.TryReadText(Path.Combine(directory, "statm"), out var statm) && ProcFs.Words(statm) is { Length: > 1 } pages)
            rss = long.Parse(pages[1], CultureInfo.InvariantCulture) * PageSize;

        long? readBytes = null, writeBytes = null, readChars = null, writeChars = null;
        if (proc.TryReadText(Path.Combine(directory, "io"), out var io))
        {
            foreach (var line in ProcFs.Lines(io))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !long.TryParse(line.AsSpan(colon + 1).Trim(), CultureInfo.InvariantCulture, out var value)) continue;
                switch (line[..colon])
                {
                    case "read_bytes": readBytes = value; break;
                    case "write_bytes": writeBytes = value; break;
                    case "rchar": readChars = value; break;
                    case "wchar": writeChars = value; break;
                }
            }
        }

        return new ProcessSample(pid, parent, name, start, cpu, childCpu, threads, rss, virtualBytes, readBytes, writeBytes, readChars, writeChars, CountOpenFiles(directory));
    }

    long? CountOpenFiles(string directory)
    {
        try
        {
            long count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries(proc.PathOf(Path.Combine(directory, "fd")))) count++;
            return count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The parent pid from /proc/[pid]/stat alone; null when the process is gone.</summary>
    public int? ParentOf(int pid)
    {
        if (!proc.TryReadText(Path.Combine(pid.ToString(CultureInfo.InvariantCulture), "stat"), out var stat)) return null;
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        // After the name: " S 1234 ...", the state then the parent pid (fields 3 and 4 of proc(5)).
        var rest = stat.AsSpan(close + 1).TrimStart();
        var space = rest.IndexOf(' ');
        if (space < 0) return null;
        rest = rest[(space + 1)..];
        var end = rest.IndexOf(' ');
        return int.TryParse(end < 0 ? rest : rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>Seconds since boot from /proc/uptime, in clock ticks (the unit of a process's start time); null if unreadable.</summary>
    public ulong? UptimeTicks(double ticksPerSecond) =>
        proc.TryReadText("uptime", out var uptime) && ProcFs.Words(uptime) is { Length: > 0 } words
            ? (ulong)(ProcFs.ParseDouble(words[0]) * ticksPerSecond)
            : null;

    /// <summary>Every pid in /proc.</summary>
    public IEnumerable<int> AllPids()
    {
        foreach (var entry in Directory.EnumerateDirectories(proc.Root))
        {
            var name = Path.GetFileName(entry);
            if (SystemReader.IsDigits(name) && int.TryParse(name, CultureInfo.InvariantCulture, out var pid)) yield return pid;
        }
    }

    public string? Name(int pid) =>
        proc.TryReadText(Path.Combine(pid.ToString(CultureInfo.InvariantCulture), "comm"), out var comm) ? comm.TrimEnd('\n') : null;

    /// <summary>The command line with its NUL separators turned into spaces.</summary>
    public string? CommandLine(int pid) =>
        proc.TryReadText(Path.Combine(pid.ToString(CultureInfo.InvariantCulture), "cmdline"), out var cmdline)
            ? cmdline.TrimEnd('\0').Replace('\0', ' ')
            : null;
}
